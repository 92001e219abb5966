//! The report: each case's table as it runs, the goals' verdicts, the
//! machine's load, and the whole run as JSON (`<target>/bench/results.json`)
//! and Markdown (`<target>/bench/results.md`).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use serde_json::json;

use super::goals::Verdict;
use super::measure::cores;
use super::runs::{figures, CaseResult};
use super::Options;

pub fn wall_text(s: f64) -> String {
    if s < 0.1 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{s:.3} s")
    }
}

/// Prints a case's table.
pub fn print_case(result: &CaseResult) {
    match result {
        CaseResult::Unavailable { case, reason } => {
            println!("\n{} [{}]: {reason}", case.title, case.id);
        }
        CaseResult::Ran {
            case,
            input,
            rows,
            skipped,
        } => {
            println!(
                "\n{} [{}]: {} documents, {:.1} MB in {} file{}",
                case.title,
                case.id,
                input.docs,
                input.bytes as f64 / 1e6,
                input.files.len(),
                if input.files.len() == 1 { "" } else { "s" }
            );
            let figs = figures(input, rows);
            let peer_names: Vec<String> = figs
                .first()
                .map(|f| f.vs_peers.iter().map(|(n, _)| n.clone()).collect())
                .unwrap_or_default();
            let mut header = format!(
                "  {:<26} {:>10} {:>10} {:>8} {:>6} {:>9} {:>8}",
                "command", "wall", "docs/s", "MB/s", "cores", "peak RSS", "x floor"
            );
            for n in &peer_names {
                let _ = write!(header, " {:>8}", format!("x {n}"));
            }
            println!("{header}");
            for (row, f) in rows.iter().zip(&figs) {
                let mut line = format!(
                    "  {:<26} {:>10} {:>10.0} {:>8.1} {:>6.2} {:>6.1} MB {:>8}",
                    row.label,
                    wall_text(f.wall),
                    f.docs_per_s,
                    f.mb_per_s,
                    f.cores,
                    f.rss_mb,
                    f.vs_floor.map_or("-".to_owned(), |v| format!("{v:.2}")),
                );
                for (_, v) in &f.vs_peers {
                    let _ = write!(line, " {:>8.2}", v);
                }
                println!("{line}");
            }
            for (label, reason) in skipped {
                println!("  {label:<26} skipped: {reason}");
            }
        }
    }
}

/// Prints the goals' verdicts.
pub fn print_goals(goals: &[Verdict]) {
    println!("\ngoals");
    for g in goals {
        println!("  {:<9} {}: {}", g.status, g.goal, g.detail);
    }
}

/// Prints the machine's load during the run.
pub fn print_load(before: f64, after: f64) {
    println!(
        "\nload average (1 min) before and after: {before:.2}, {after:.2} on {} cores{}",
        cores(),
        if before.max(after) > 0.5 {
            " - other processes were running; absolute times are noisy, ratios less so"
        } else {
            ""
        }
    );
}

/// Writes `results.json` and `results.md` into `dir`.
pub fn write(
    dir: &Path,
    options: &Options,
    results: &[CaseResult],
    goals: &[Verdict],
    load: (f64, f64),
) -> Result<()> {
    let json = report_json(options, results, goals, load);
    std::fs::write(
        dir.join("results.json"),
        serde_json::to_string_pretty(&json)? + "\n",
    )?;
    std::fs::write(dir.join("results.md"), markdown(results, goals))?;
    println!(
        "written: {}, {}",
        dir.join("results.json").display(),
        dir.join("results.md").display()
    );
    Ok(())
}

fn report_json(
    options: &Options,
    results: &[CaseResult],
    goals: &[Verdict],
    (load_before, load_after): (f64, f64),
) -> serde_json::Value {
    let cases: Vec<serde_json::Value> = results
        .iter()
        .map(|r| match r {
            CaseResult::Unavailable { case, reason } => json!({
                "id": case.id, "title": case.title, "available": false, "reason": reason,
            }),
            CaseResult::Ran {
                case,
                input,
                rows,
                skipped,
            } => {
                let figs = figures(input, rows);
                json!({
                    "id": case.id,
                    "title": case.title,
                    "available": true,
                    "documents": input.docs,
                    "bytes": input.bytes,
                    "files": input.files.len(),
                    "commands": rows.iter().zip(&figs).map(|(row, f)| json!({
                        "command": row.label,
                        "walls_s": row.sample.walls,
                        "median_s": f.wall,
                        "docs_per_s": f.docs_per_s,
                        "mb_per_s": f.mb_per_s,
                        "cores_used": f.cores,
                        "peak_rss_bytes": row.sample.max_rss,
                        "vs_floor": f.vs_floor,
                        "vs_peers": f.vs_peers.iter().map(|(n, v)| (n.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
                    })).collect::<Vec<_>>(),
                    "skipped": skipped.iter().map(|(l, r)| json!({"command": l, "reason": r})).collect::<Vec<_>>(),
                })
            }
        })
        .collect();
    json!({
        "corpus": { "jobs": options.jobs, "seed": options.seed, "large_mb": options.large_mb },
        "repeat": options.repeat,
        "small_runs": options.small_runs,
        "cores": cores(),
        "load_average": { "before": load_before, "after": load_after },
        "cases": cases,
        "goals": goals.iter().map(|g| json!({
            "goal": g.goal, "status": g.status, "value": g.value, "detail": g.detail,
        })).collect::<Vec<_>>(),
    })
}

fn markdown(results: &[CaseResult], goals: &[Verdict]) -> String {
    let mut md = String::new();
    for r in results {
        match r {
            CaseResult::Unavailable { case, reason } => {
                let _ = writeln!(md, "**{}**: {reason}\n", case.title);
            }
            CaseResult::Ran {
                case, input, rows, ..
            } => {
                let figs = figures(input, rows);
                let peers: Vec<String> = figs
                    .first()
                    .map(|f| f.vs_peers.iter().map(|(n, _)| n.clone()).collect())
                    .unwrap_or_default();
                let _ = writeln!(
                    md,
                    "**{}** ({} documents, {:.1} MB)\n",
                    case.title,
                    input.docs,
                    input.bytes as f64 / 1e6
                );
                let mut head =
                    "| command | wall | docs/s | MB/s | cores | peak RSS | × floor |".to_owned();
                let mut rule = "|---|--:|--:|--:|--:|--:|--:|".to_owned();
                for p in &peers {
                    let _ = write!(head, " × {p} |");
                    rule.push_str("--:|");
                }
                let _ = writeln!(md, "{head}\n{rule}");
                for (row, f) in rows.iter().zip(&figs) {
                    let _ = write!(
                        md,
                        "| {} | {} | {:.0} | {:.1} | {:.2} | {:.1} MB | {} |",
                        row.label,
                        wall_text(f.wall),
                        f.docs_per_s,
                        f.mb_per_s,
                        f.cores,
                        f.rss_mb,
                        f.vs_floor.map_or("–".to_owned(), |v| format!("{v:.2}"))
                    );
                    for (_, v) in &f.vs_peers {
                        let _ = write!(md, " {v:.2} |");
                    }
                    md.push('\n');
                }
                md.push('\n');
            }
        }
    }
    md.push_str("| goal | status | measured |\n|---|---|---|\n");
    for g in goals {
        let _ = writeln!(md, "| {} | {} | {} |", g.goal, g.status, g.detail);
    }
    md
}
