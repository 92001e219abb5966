//! The goals: ratios of tjspec against the syntax-only floor and the peer
//! tools, start-up time, parallel speed-up and memory, each checked on the
//! figures of the case it is stated for, plus the hostile-input goal.

use super::cases::Tool;
use super::hostile;
use super::measure::cores;
use super::report::wall_text;
use super::runs::{figures, CaseResult, Row};

/// A goal of issue 8, checked on a case's figures.
#[derive(Clone, Copy, Debug)]
pub enum Goal {
    /// tjspec's throughput is at least `min` times the fastest floor's.
    VsFloor { min: f64 },
    /// tjspec is at least `min` times faster than a peer.
    VsPeer { peer: &'static str, min: f64 },
    /// tjspec's median wall time stays under `max_ms` milliseconds.
    WallUnder { max_ms: f64 },
    /// tjspec on every core is at least `min` times faster than on one.
    Parallel { min: f64 },
    /// tjspec's peak RSS stays under `max_mb` megabytes.
    RssUnder { max_mb: f64 },
}

/// The goals: a statement, the cases it is measured on (the first that runs
/// on this build counts; later ones stand in until it lands) and the check.
pub const GOALS: &[(&str, &[&str], Goal)] = &[
    (
        "stream -> aws JSON Lines: >= 0.8x the floor's throughput",
        &["ack-stream-to-aws", "aws-yaml-stream-to-aws"],
        Goal::VsFloor { min: 0.8 },
    ),
    (
        "stream -> aws JSON Lines: >= 5x faster than yq",
        &["ack-stream-to-aws", "aws-yaml-stream-to-aws"],
        Goal::VsPeer {
            peer: "yq",
            min: 5.0,
        },
    ),
    (
        "HCL read (k8s provider): >= 20x faster than python-hcl2",
        &["tf-k8s-files-read"],
        Goal::VsPeer {
            peer: "python-hcl2",
            min: 20.0,
        },
    ),
    (
        "HCL read (AWS provider): >= 20x faster than python-hcl2",
        &["tf-aws-files-read"],
        Goal::VsPeer {
            peer: "python-hcl2",
            min: 20.0,
        },
    ),
    (
        "flyteidl binary decode: >= 20x faster than the flyteidl package",
        &["flyteidl-files-decode"],
        Goal::VsPeer {
            peer: "flyteidl",
            min: 20.0,
        },
    ),
    (
        "1,000 state machines read: >= 0.8x the serde_json floor's throughput",
        &["sfn-files-read"],
        Goal::VsFloor { min: 0.8 },
    ),
    (
        "1,000 pipeline definitions read: >= 0.8x the serde_json floor's throughput",
        &["sm-pipeline-files-read"],
        Goal::VsFloor { min: 0.8 },
    ),
    (
        "one small file: under 5 ms per invocation",
        &["one-ack-file", "one-aws-yaml-file"],
        Goal::WallUnder { max_ms: 5.0 },
    ),
    (
        "one small file: >= 30x faster than yq",
        &["one-ack-file", "one-aws-yaml-file"],
        Goal::VsPeer {
            peer: "yq",
            min: 30.0,
        },
    ),
    (
        "multi-document stream: >= 1.7x on 2 cores over 1 thread",
        &["ack-stream-to-aws", "aws-yaml-stream-to-aws"],
        Goal::Parallel { min: 1.7 },
    ),
    (
        "many files: >= 1.7x on 2 cores over 1 thread",
        &["aws-yaml-files-to-aws"],
        Goal::Parallel { min: 1.7 },
    ),
    (
        "large multi-document input: peak RSS under 64 MB",
        &["large-aws-yaml-stream"],
        Goal::RssUnder { max_mb: 64.0 },
    ),
];

/// One goal's verdict.
pub struct Verdict {
    pub goal: &'static str,
    pub status: &'static str,
    pub detail: String,
    pub value: Option<f64>,
}

fn tjspec_row(rows: &[Row], threads: Option<usize>) -> Option<&Row> {
    rows.iter()
        .find(|r| matches!(r.tool, Tool::Tjspec { threads: t, .. } if t == threads))
}

/// The verdict of every goal of [`GOALS`] on the cases that ran.
pub fn check(results: &[CaseResult]) -> Vec<Verdict> {
    let mut out = Vec::new();
    for (goal, ids, check) in GOALS {
        let ran = ids.iter().enumerate().find_map(|(i, id)| {
            results.iter().find_map(|r| match r {
                CaseResult::Ran {
                    case, input, rows, ..
                } if case.id == *id => Some((i, *id, input, rows)),
                _ => None,
            })
        });
        let Some((position, id, input, rows)) = ran else {
            let reason = results
                .iter()
                .find_map(|r| match r {
                    CaseResult::Unavailable { case, reason } if ids.contains(&case.id) => {
                        Some(reason.clone())
                    }
                    _ => None,
                })
                .unwrap_or_else(|| "case not run".to_owned());
            out.push(Verdict {
                goal,
                status: "n/a",
                detail: reason,
                value: None,
            });
            continue;
        };
        let stand_in = if position > 0 {
            format!(
                " [measured on {id}; {} not available on this build]",
                ids[0]
            )
        } else {
            format!(" [{id}]")
        };
        let figs = figures(input, rows);
        let all = rows
            .iter()
            .position(|r| matches!(r.tool, Tool::Tjspec { threads: None, .. }));
        let verdict = match (*check, all) {
            (_, None) => Err("no tjspec run in the case".to_owned()),
            (Goal::VsFloor { min }, Some(i)) => match figs[i].vs_floor {
                Some(v) => Ok((v >= min, v, format!("{v:.2}x the floor's throughput"))),
                None => Err("no floor ran".to_owned()),
            },
            (Goal::VsPeer { peer, min }, Some(i)) => {
                match figs[i].vs_peers.iter().find(|(n, _)| n == peer) {
                    Some((_, v)) => Ok((v >= &min, *v, format!("{v:.1}x faster than {peer}"))),
                    None => Err(format!("{peer} did not run")),
                }
            }
            (Goal::WallUnder { max_ms }, Some(i)) => {
                let ms = figs[i].wall * 1e3;
                Ok((ms < max_ms, ms, format!("{ms:.2} ms median")))
            }
            (Goal::Parallel { min }, Some(i)) => match tjspec_row(rows, Some(1)) {
                Some(one) if one.sample.cores_used() < 0.8 => Err(format!(
                    "not measurable here: the one-thread run got {:.2} of a core (other processes were running), so no second core was free; {:.2}x measured",
                    one.sample.cores_used(),
                    one.sample.median() / figs[i].wall
                )),
                Some(one) => {
                    let v = one.sample.median() / figs[i].wall;
                    Ok((
                        v >= min,
                        v,
                        format!(
                            "{v:.2}x ({} on 1 thread, {} on {} cores)",
                            wall_text(one.sample.median()),
                            wall_text(figs[i].wall),
                            cores()
                        ),
                    ))
                }
                None => Err("no one-thread run in the case".to_owned()),
            },
            (Goal::RssUnder { max_mb }, Some(i)) => {
                let mb = figs[i].rss_mb;
                Ok((
                    mb < max_mb,
                    mb,
                    format!(
                        "{mb:.1} MB peak RSS on {:.0} MB of input",
                        input.bytes as f64 / 1e6
                    ),
                ))
            }
        };
        out.push(match verdict {
            Ok((met, value, detail)) => Verdict {
                goal,
                status: if met { "met" } else { "NOT MET" },
                detail: detail + &stand_in,
                value: Some(value),
            },
            Err(reason) => Verdict {
                goal,
                status: "n/a",
                detail: reason + &stand_in,
                value: None,
            },
        });
    }
    out
}

/// The hostile-input goal: every case within [`hostile::MAX_RSS_MB`] and
/// [`hostile::MAX_WALL_S`].
pub fn hostile_verdict(rows: &[hostile::HostileRow]) -> Verdict {
    let failing: Vec<&str> = rows
        .iter()
        .filter(|r| !r.met())
        .map(|r| r.id.as_str())
        .collect();
    let worst_rss = rows
        .iter()
        .map(|r| r.sample.max_rss as f64 / 1e6)
        .fold(0.0, f64::max);
    let worst_wall = rows.iter().map(|r| r.sample.median()).fold(0.0, f64::max);
    Verdict {
        goal: "hostile inputs up to the input size limit: peak RSS <= 64 MB and time <= 2 s each",
        status: if failing.is_empty() { "met" } else { "not met" },
        detail: format!(
            "{} cases, worst {worst_rss:.1} MB and {worst_wall:.3} s{}",
            rows.len(),
            if failing.is_empty() {
                String::new()
            } else {
                format!("; over: {}", failing.join(", "))
            }
        ),
        value: Some(worst_rss),
    }
}
