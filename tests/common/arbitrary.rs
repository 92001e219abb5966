//! Proptest strategies for whole jobs of any resource, driven by the
//! schema description the generator emits (`tjspec_model::SCHEMA`), so new
//! members and new resources are covered without touching the tests.
#![allow(dead_code)]

use proptest::prelude::*;
use tjspec_model::{ResourceId, SCHEMA};
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::{Key, Node, NodeKind, ShapeId, Span, StrStyle, Timestamp};

fn node(kind: NodeKind) -> Node {
    Node {
        kind,
        span: Span::default(),
    }
}

fn any_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 ._:/=+@-]{0,24}",
        1 => any::<String>(),
        1 => Just("no".to_owned()),
        1 => Just("1.10".to_owned()),
        1 => Just("0755".to_owned()),
        1 => Just(String::new()),
    ]
    .boxed()
}

/// Any value of shape `id`, as a document tree with AWS member names.
pub fn shape(id: ShapeId) -> BoxedStrategy<Node> {
    structure_with(id, None)
}

/// [`shape`], with the member `always` of a structure always present.
fn structure_with(id: ShapeId, always: Option<u16>) -> BoxedStrategy<Node> {
    match &SCHEMA.shape(id).kind {
        ShapeKind::Structure { members } => {
            let fields: Vec<BoxedStrategy<Option<(String, Node)>>> = members
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let name = m.name.to_owned();
                    let value = shape(m.shape).prop_map(move |v| (name.clone(), v));
                    if always == Some(i as u16) {
                        value.prop_map(Some).boxed()
                    } else {
                        proptest::option::weighted(0.4, value).boxed()
                    }
                })
                .collect();
            fields
                .prop_map(|fs| {
                    let entries = fs
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| {
                            (
                                Key {
                                    name: k,
                                    span: Span::default(),
                                },
                                v,
                            )
                        })
                        .collect();
                    node(NodeKind::Map(entries))
                })
                .boxed()
        }
        ShapeKind::List { member, .. } => proptest::collection::vec(shape(*member), 0..3)
            .prop_map(|v| node(NodeKind::Seq(v)))
            .boxed(),
        ShapeKind::Map { value, .. } => {
            proptest::collection::btree_map(any_text(), shape(*value), 0..3)
                .prop_map(|m| {
                    node(NodeKind::Map(
                        m.into_iter()
                            .map(|(k, v)| {
                                (
                                    Key {
                                        name: k,
                                        span: Span::default(),
                                    },
                                    v,
                                )
                            })
                            .collect(),
                    ))
                })
                .boxed()
        }
        ShapeKind::Enum { values, .. } => {
            let known: Vec<String> = values.iter().map(|s| s.to_string()).collect();
            prop_oneof![3 => proptest::sample::select(known), 1 => "[A-Za-z][A-Za-z0-9.]{0,12}"]
                .prop_map(|s| node(NodeKind::Str(s, StrStyle::Quoted)))
                .boxed()
        }
        ShapeKind::String { .. } => any_text()
            .prop_map(|s| node(NodeKind::Str(s, StrStyle::Quoted)))
            .boxed(),
        ShapeKind::Integer { .. } => any::<i32>()
            .prop_map(|i| node(NodeKind::Int(i.into())))
            .boxed(),
        ShapeKind::Long { .. } => any::<i64>()
            .prop_map(|i| node(NodeKind::Int(i.into())))
            .boxed(),
        ShapeKind::Float | ShapeKind::Double => prop_oneof![
            any::<f64>().prop_filter("finite", |f| f.is_finite()),
            Just(0.077_299_997_210_502_62),
            (-1000i32..1000).prop_map(f64::from),
        ]
        .prop_map(|f| node(NodeKind::Float(f)))
        .boxed(),
        ShapeKind::Boolean => any::<bool>().prop_map(|b| node(NodeKind::Bool(b))).boxed(),
        ShapeKind::Timestamp => (
            -62_167_219_200i64..=253_402_300_799,
            0u32..1_000_000,
            any::<bool>(),
        )
            .prop_map(|(s, micros, whole)| {
                let t = Timestamp::from_parts(s, if whole { 0 } else { micros * 1000 }).unwrap();
                node(NodeKind::Str(t.to_string(), StrStyle::Quoted))
            })
            .boxed(),
    }
}

/// Any training job, as a document tree with AWS member names.
pub fn job_tree() -> BoxedStrategy<Node> {
    shape(ResourceId::TrainingJob.shape())
}

/// Any job of `resource`, as a document tree with AWS member names. Its
/// name member is always there: formats that tell resources apart by their
/// keys (AWS, Datadog) need one member only this resource has, and a job
/// with no member at all is read as the default resource.
pub fn resource_tree(resource: ResourceId) -> BoxedStrategy<Node> {
    structure_with(resource.shape(), resource.name_member())
}
