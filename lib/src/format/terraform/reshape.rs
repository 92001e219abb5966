//! Expressions for a member whose shape differs between the dialects,
//! rewritten as HCL for the other shape.
//!
//! `tags` is the one such member: a map in tf-aws (`tags = { team = "ml" }`)
//! and a list of `{ key, value }` objects in tf-k8s (the ACK CRD's). Every
//! other member has one shape in both (`hyper_parameters` and
//! `environment` are maps in both), so its expression carries as written.
//! A `for` expression converts one shape into the other; converting back
//! unwraps it, so a round trip gives the expression back as it was.

/// `[for k, v in EXPR : { key = k, value = v }]`: a map of tags as a list.
const TO_LIST: (&str, &str) = ("[for k, v in ", " : { key = k, value = v }]");
/// `{ for t in EXPR : t.key => t.value }`: a list of tags as a map.
const TO_MAP: (&str, &str) = ("{ for t in ", " : t.key => t.value }");

/// A map-of-tags expression (tf-aws) as a list of key/value objects (tf-k8s).
pub(super) fn tags_map_to_list(expr: &str) -> String {
    wrap(expr, TO_LIST, TO_MAP)
}

/// A list-of-tags expression (tf-k8s) as a map (tf-aws).
pub(super) fn tags_list_to_map(expr: &str) -> String {
    wrap(expr, TO_MAP, TO_LIST)
}

/// `expr` inside `with`, unless it is `undo` around something: then that.
fn wrap(expr: &str, with: (&str, &str), undo: (&str, &str)) -> String {
    let t = expr.trim();
    if let Some(inner) = t
        .strip_prefix(undo.0)
        .and_then(|r| r.strip_suffix(undo.1))
        .filter(|inner| balanced(inner))
    {
        return inner.to_owned();
    }
    format!("{}{t}{}", with.0, with.1)
}

/// Whether brackets pair up in `s` outside strings, so that unwrapping
/// `[for k, v in a : b] : { key = k, value = v }]`-like text cannot cut an
/// expression in the middle.
fn balanced(s: &str) -> bool {
    let mut depth: i64 = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in s.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !in_string
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_change_shape_and_back() {
        let list = tags_map_to_list("local.ai_tags");
        assert_eq!(list, "[for k, v in local.ai_tags : { key = k, value = v }]");
        assert_eq!(tags_list_to_map(&list), "local.ai_tags");
        let map = tags_list_to_map("var.tags");
        assert_eq!(map, "{ for t in var.tags : t.key => t.value }");
        assert_eq!(tags_map_to_list(&map), "var.tags");
        // Something else that happens to start and end alike is wrapped.
        let odd = "{ for t in a : t.key => t.value } : t.key => t.value }";
        assert!(tags_map_to_list(odd).starts_with("[for k, v in { for t"));
        assert_eq!(
            tags_map_to_list("merge(local.a, { team = \"ml\" })"),
            "[for k, v in merge(local.a, { team = \"ml\" }) : { key = k, value = v }]"
        );
    }
}
