//! Printing written blocks as HCL, laid out as `terraform fmt` leaves them.

use std::borrow::Cow;

use tjspec_model::SCHEMA;
use tjspec_runtime::Out;

use super::aws::aws_items;
use super::Dialect;

use crate::syntax::out_hcl::{self, Item};

/// Items of a body whose single-line attributes come first, and whose
/// multi-line attributes and blocks each stand after a blank line.
pub(super) fn spaced<'o, 'a>(
    inline: Vec<Item<'o, 'a>>,
    rest: Vec<Item<'o, 'a>>,
) -> Vec<Item<'o, 'a>> {
    let mut items = inline;
    for item in rest {
        if !items.is_empty() {
            items.push(Item::Blank);
        }
        items.push(item);
    }
    items
}

pub(super) fn render(dialect: Dialect, out: &Out<'_>, first: bool, buf: &mut String) {
    // `{kind: {type: {label: body}}}`, as `write` makes it.
    let Out::Map(kinds) = out else { return };
    for (kind, types) in kinds {
        let Out::Map(types) = types else { continue };
        for (ty, labels) in types {
            let Out::Map(labels) = labels else { continue };
            for (label, body) in labels {
                let Out::Map(entries) = body else { continue };
                let items = match dialect {
                    Dialect::K8s => {
                        let mut items = Vec::new();
                        for (k, v) in entries {
                            let Out::Map(inner) = v else { continue };
                            let object = if k == "spec" {
                                let (inline, rest): (Vec<_>, Vec<_>) =
                                    out_hcl::object_items(inner).into_iter().partition(
                                        |i| matches!(i, Item::Attr(_, v) if out_hcl::is_inline(v)),
                                    );
                                spaced(inline, rest)
                            } else {
                                out_hcl::object_items(inner)
                            };
                            if !items.is_empty() {
                                items.push(Item::Blank);
                            }
                            items.push(Item::Object(out_hcl::key(k), object));
                        }
                        items
                    }
                    Dialect::Aws => aws_items(entries, SCHEMA.root),
                };
                if !first {
                    buf.push('\n');
                }
                out_hcl::body(
                    &[Item::Block(
                        Cow::Borrowed(kind.as_ref()),
                        vec![ty.to_string(), label.to_string()],
                        items,
                    )],
                    0,
                    buf,
                );
            }
        }
    }
}
