//! YAML streams → document trees, one document at a time.
//!
//! Built on `saphyr-parser`'s event API (pure Rust, YAML 1.2, positions on
//! every event). On top of the events this module:
//! - resolves plain scalars with the YAML 1.2 core schema (`yes` stays a
//!   string here; the reader then flags it, because kubectl's YAML 1.1 would
//!   see a boolean);
//! - expands aliases under a node budget, so an alias bomb is an error
//!   rather than gigabytes of memory;
//! - limits nesting depth;
//! - yields documents one by one, so a long stream is never held whole.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan, StrInput};
use tjspec_runtime::{Code, Key, Node, NodeKind, Span, StrStyle};

use super::{SyntaxError, MAX_DEPTH};

/// Most nodes one document may expand to (aliases included).
pub use super::MAX_NODES;

/// The documents of a YAML stream, parsed lazily.
pub struct Documents<'a> {
    parser: Parser<'a, StrInput<'a>>,
    done: bool,
    /// Read CloudFormation's short-form tags (see [`cloudformation_documents`]).
    cloudformation: bool,
}

/// Parses the documents of `text` one at a time.
pub fn documents(text: &str) -> Documents<'_> {
    Documents {
        parser: Parser::new_from_str(text),
        done: false,
        cloudformation: false,
    }
}

/// Parses the documents of a CloudFormation template: its short-form tags
/// (`!Ref X`, `!Sub …`, `!GetAtt A.B`, `!Join [...]`) are read as the long
/// form CloudFormation makes of them, an object of one member (`{"Ref":
/// "X"}`, `{"Fn::Sub": …}`). Other local tags stay errors, as everywhere.
pub fn cloudformation_documents(text: &str) -> Documents<'_> {
    Documents {
        cloudformation: true,
        ..documents(text)
    }
}

/// CloudFormation's short-form tags (without `!`) and the key of their long form.
fn cloudformation_function(tag: Option<&saphyr_parser::Tag>) -> Option<String> {
    const FUNCTIONS: &[&str] = &[
        "And",
        "Base64",
        "Cidr",
        "Equals",
        "FindInMap",
        "ForEach",
        "GetAtt",
        "GetAZs",
        "If",
        "ImportValue",
        "Join",
        "Length",
        "Not",
        "Or",
        "Select",
        "Split",
        "Sub",
        "ToJsonString",
        "Transform",
    ];
    let t = tag?;
    if t.handle != "!" {
        return None;
    }
    match t.suffix.as_str() {
        "Ref" | "Condition" => Some(t.suffix.clone()),
        f if FUNCTIONS.contains(&f) => Some(format!("Fn::{f}")),
        _ => None,
    }
}

/// `node` as the long form of the function `name`.
fn long_form(name: String, node: Node) -> Node {
    let span = node.span;
    Node {
        kind: NodeKind::Map(vec![(Key { name, span }, node)]),
        span,
    }
}

fn span(s: &YSpan) -> Span {
    let len = s.end.index().saturating_sub(s.start.index());
    Span::new(s.start.line() as u32, s.start.col() as u32 + 1, len as u32)
}

enum Frame {
    Seq {
        items: Vec<Node>,
        span: Span,
        anchor: usize,
        /// A CloudFormation function the collection is the argument of.
        function: Option<String>,
    },
    Map {
        entries: Vec<(Key, Node)>,
        key: Option<Key>,
        span: Span,
        anchor: usize,
        function: Option<String>,
    },
}

impl Iterator for Documents<'_> {
    type Item = Result<Node, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = self.next_document();
        match r {
            Ok(Some(node)) => Some(Ok(node)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                // After a syntax error the stream cannot be resynchronised.
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl Documents<'_> {
    fn event(&mut self) -> Result<Option<(Event<'_>, YSpan)>, SyntaxError> {
        match self.parser.next_event() {
            None => Ok(None),
            Some(Ok(ev)) => Ok(Some(ev)),
            Some(Err(e)) => {
                let m = e.marker();
                let at = Span::new(m.line() as u32, m.col() as u32 + 1, 1);
                if e.info().contains("recursion limit") {
                    return Err(SyntaxError::new(
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                        at,
                    ));
                }
                Err(SyntaxError::new(
                    format!("YAML syntax error: {}", e.info()),
                    at,
                ))
            }
        }
    }

    /// The next document's root, or `None` at the end of the stream. Empty
    /// documents (a bare `---`) come back as a null node.
    fn next_document(&mut self) -> Result<Option<Node>, SyntaxError> {
        // Find the start of a document.
        loop {
            match self.event()? {
                None => return Ok(None),
                Some((Event::StreamEnd, _)) => return Ok(None),
                Some((Event::DocumentStart(_), _)) => break,
                Some(_) => {}
            }
        }
        let cloudformation = self.cloudformation;
        let mut stack: Vec<Frame> = Vec::new();
        let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
        let mut counts: Vec<usize> = Vec::new();
        let mut nodes = 0usize;
        let mut root: Option<Node> = None;
        loop {
            let Some((ev, sp)) = self.event()? else {
                return Err(SyntaxError::new(
                    "unexpected end of the YAML stream",
                    Span::default(),
                ));
            };
            let at = span(&sp);
            let completed: Option<(Node, usize)> = match ev {
                Event::DocumentEnd => {
                    return Ok(Some(root.unwrap_or(Node {
                        kind: NodeKind::Null,
                        span: at,
                    })));
                }
                Event::StreamEnd
                | Event::StreamStart
                | Event::DocumentStart(_)
                | Event::Nothing => None,
                Event::Alias(id) => {
                    let Some((node, size)) = anchors.get(&id) else {
                        return Err(SyntaxError::new("alias to an unknown anchor", at));
                    };
                    nodes += size;
                    if nodes > MAX_NODES {
                        return Err(SyntaxError::new(
                            format!("the document expands to more than {MAX_NODES} nodes (an alias bomb?)"),
                            at,
                        ));
                    }
                    let mut n = node.clone();
                    n.span = at;
                    Some((n, 0))
                }
                Event::Scalar(value, style, anchor, tag) => {
                    nodes += 1;
                    if nodes > MAX_NODES {
                        return Err(SyntaxError::new(
                            format!("the document has more than {MAX_NODES} nodes"),
                            at,
                        ));
                    }
                    let tag = tag.as_ref().map(|t| t.as_ref());
                    match cloudformation_function(tag).filter(|_| cloudformation) {
                        Some(function) => {
                            let kind = NodeKind::Str(value.into_owned(), StrStyle::Quoted);
                            Some((long_form(function, Node { kind, span: at }), anchor))
                        }
                        None => {
                            let kind = scalar(value, style, tag, at)?;
                            Some((Node { kind, span: at }, anchor))
                        }
                    }
                }
                Event::SequenceStart(anchor, tag) => {
                    let function =
                        cloudformation_function(tag.as_deref()).filter(|_| cloudformation);
                    if function.is_none() {
                        check_collection_tag(tag.as_deref(), "seq", at)?;
                    }
                    nodes += 1;
                    if stack.len() >= MAX_DEPTH {
                        return Err(SyntaxError::new(
                            format!("nesting deeper than {MAX_DEPTH} levels"),
                            at,
                        ));
                    }
                    stack.push(Frame::Seq {
                        items: Vec::new(),
                        span: at,
                        anchor,
                        function,
                    });
                    counts.push(nodes);
                    None
                }
                Event::MappingStart(anchor, tag) => {
                    let function =
                        cloudformation_function(tag.as_deref()).filter(|_| cloudformation);
                    if function.is_none() {
                        check_collection_tag(tag.as_deref(), "map", at)?;
                    }
                    nodes += 1;
                    if stack.len() >= MAX_DEPTH {
                        return Err(SyntaxError::new(
                            format!("nesting deeper than {MAX_DEPTH} levels"),
                            at,
                        ));
                    }
                    stack.push(Frame::Map {
                        entries: Vec::new(),
                        key: None,
                        span: at,
                        anchor,
                        function,
                    });
                    counts.push(nodes);
                    None
                }
                Event::SequenceEnd => match stack.pop() {
                    Some(Frame::Seq {
                        items,
                        span,
                        anchor,
                        function,
                    }) => {
                        let start = counts.pop().unwrap_or(0);
                        let _ = start;
                        let node = Node {
                            kind: NodeKind::Seq(items),
                            span,
                        };
                        let node = match function {
                            Some(f) => long_form(f, node),
                            None => node,
                        };
                        Some((node, anchor))
                    }
                    _ => return Err(SyntaxError::new("unbalanced YAML sequence", at)),
                },
                Event::MappingEnd => match stack.pop() {
                    Some(Frame::Map {
                        entries,
                        span,
                        anchor,
                        function,
                        ..
                    }) => {
                        counts.pop();
                        let node = Node {
                            kind: NodeKind::Map(entries),
                            span,
                        };
                        let node = match function {
                            Some(f) => long_form(f, node),
                            None => node,
                        };
                        Some((node, anchor))
                    }
                    _ => return Err(SyntaxError::new("unbalanced YAML mapping", at)),
                },
            };
            let Some((node, anchor)) = completed else {
                continue;
            };
            if anchor != 0 {
                let size = count_nodes(&node);
                anchors.insert(anchor, (node.clone(), size));
            }
            match stack.last_mut() {
                None => root = Some(node),
                Some(Frame::Seq { items, .. }) => items.push(node),
                Some(Frame::Map { entries, key, .. }) => match key.take() {
                    None => {
                        let name = match node.kind {
                            NodeKind::Str(s, StrStyle::Plain)
                                if tjspec_runtime::read::is_yaml11_bool(&s) =>
                            {
                                let mut e = SyntaxError::new(
                                    format!("the key `{s}` is a boolean to YAML 1.1 readers such as kubectl"),
                                    node.span,
                                );
                                e.code = Code::Yaml11Bool;
                                return Err(e);
                            }
                            NodeKind::Str(s, _) => s,
                            NodeKind::Int(i) => i.to_string(),
                            NodeKind::Bool(b) => b.to_string(),
                            NodeKind::Null => String::new(),
                            NodeKind::Float(_) => {
                                return Err(SyntaxError::new(
                                    "numbers with a fraction cannot be keys",
                                    node.span,
                                ))
                            }
                            _ => {
                                return Err(SyntaxError::new("map keys must be scalars", node.span))
                            }
                        };
                        *key = Some(Key {
                            name,
                            span: node.span,
                        });
                    }
                    Some(k) => entries.push((k, node)),
                },
            }
        }
    }
}

fn count_nodes(n: &Node) -> usize {
    match &n.kind {
        NodeKind::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        NodeKind::Map(entries) => {
            1 + entries
                .iter()
                .map(|(_, v)| 1 + count_nodes(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

fn check_collection_tag(
    tag: Option<&saphyr_parser::Tag>,
    expected: &str,
    at: Span,
) -> Result<(), SyntaxError> {
    match tag {
        None => Ok(()),
        Some(t) if t.is_yaml_core_schema() && t.suffix == expected => Ok(()),
        Some(t) => Err(SyntaxError::new(
            format!("unsupported YAML tag `{}{}`", t.handle, t.suffix),
            at,
        )),
    }
}

fn scalar(
    value: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<&saphyr_parser::Tag>,
    at: Span,
) -> Result<NodeKind, SyntaxError> {
    if let Some(t) = tag {
        if !t.is_yaml_core_schema() {
            return Err(SyntaxError::new(
                format!("unsupported YAML tag `{}{}`", t.handle, t.suffix),
                at,
            ));
        }
        return match t.suffix.as_str() {
            "str" => Ok(NodeKind::Str(value.into_owned(), StrStyle::Quoted)),
            "null" | "bool" | "int" | "float" => match (t.suffix.as_str(), resolve_plain(&value)) {
                ("null", k @ NodeKind::Null)
                | ("bool", k @ NodeKind::Bool(_))
                | ("int", k @ NodeKind::Int(_))
                | ("float", k @ NodeKind::Float(_)) => Ok(k),
                // `!!float 1` is the number 1.
                ("float", NodeKind::Int(i)) => Ok(NodeKind::Float(i as f64)),
                _ => Err(SyntaxError::new(
                    format!("`{value}` is not a valid !!{}", t.suffix),
                    at,
                )),
            },
            other => Err(SyntaxError::new(
                format!("unsupported YAML tag `!!{other}`"),
                at,
            )),
        };
    }
    if style == ScalarStyle::Plain && is_yaml11_octal(&value) {
        let mut e = SyntaxError::new(
            format!(
                "`{value}` is octal to YAML 1.1 readers such as kubectl and decimal to YAML 1.2 ones"
            ),
            at,
        );
        e.code = Code::Yaml11Octal;
        return Err(e);
    }
    Ok(match style {
        ScalarStyle::Plain => resolve_plain(&value),
        _ => NodeKind::Str(value.into_owned(), StrStyle::Quoted),
    })
}

/// Whether a plain scalar is a decimal integer with a leading zero (`010`),
/// which YAML 1.1 reads as octal and YAML 1.2 as decimal.
fn is_yaml11_octal(v: &str) -> bool {
    let body = v.strip_prefix(['-', '+']).unwrap_or(v);
    body.len() > 1 && body.starts_with('0') && body.bytes().all(|c| c.is_ascii_digit())
}

/// Resolves a plain scalar with the YAML 1.2 core schema.
pub fn resolve_plain(v: &str) -> NodeKind {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return NodeKind::Null,
        "true" | "True" | "TRUE" => return NodeKind::Bool(true),
        "false" | "False" | "FALSE" => return NodeKind::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return NodeKind::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return NodeKind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return NodeKind::Float(f64::NAN),
        _ => {}
    }
    let b = v.as_bytes();
    let first = b[0];
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        let body = v.strip_prefix(['-', '+']).unwrap_or(v);
        if !body.is_empty() && body.bytes().all(|c| c.is_ascii_digit()) {
            if let Ok(i) = v.parse::<i128>() {
                return NodeKind::Int(i);
            }
            return NodeKind::Float(v.parse().unwrap_or(f64::INFINITY));
        }
        if let Some(hex) = v.strip_prefix("0x") {
            if let Ok(i) = i128::from_str_radix(hex, 16) {
                return NodeKind::Int(i);
            }
        }
        if let Some(oct) = v.strip_prefix("0o") {
            if let Ok(i) = i128::from_str_radix(oct, 8) {
                return NodeKind::Int(i);
            }
        }
        if is_core_float(body) {
            if let Ok(f) = v.parse::<f64>() {
                return NodeKind::Float(f);
            }
        }
    }
    NodeKind::Str(v.to_owned(), StrStyle::Plain)
}

// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(text: &str) -> Vec<Result<Node, SyntaxError>> {
        documents(text).collect()
    }

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain("10"), NodeKind::Int(10));
        assert_eq!(resolve_plain("0755"), NodeKind::Int(755));
        assert_eq!(resolve_plain("1.10"), NodeKind::Float(1.1));
        assert_eq!(resolve_plain("1e3"), NodeKind::Float(1000.0));
        assert_eq!(
            resolve_plain("yes"),
            NodeKind::Str("yes".into(), StrStyle::Plain)
        );
        assert_eq!(
            resolve_plain("1.2.3"),
            NodeKind::Str("1.2.3".into(), StrStyle::Plain)
        );
        assert_eq!(resolve_plain("~"), NodeKind::Null);
        assert!(matches!(resolve_plain(".nan"), NodeKind::Float(f) if f.is_nan()));
    }

    #[test]
    fn streams_yield_each_document() {
        let d = docs("a: 1\n---\nb: \"2\"\n---\n");
        assert_eq!(d.len(), 3);
        let first = d[0].as_ref().unwrap();
        assert_eq!(first.get("a").unwrap().kind, NodeKind::Int(1));
        assert_eq!(first.get("a").unwrap().span, Span::new(1, 4, 1));
        let second = d[1].as_ref().unwrap();
        assert_eq!(
            second.get("b").unwrap().kind,
            NodeKind::Str("2".into(), StrStyle::Quoted)
        );
        assert!(d[2].as_ref().unwrap().is_null());
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let d = docs(&text);
        let e = d[0].as_ref().unwrap_err();
        assert!(e.message.contains("alias bomb"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = docs(&text).remove(0).unwrap_err();
        assert!(e.message.contains("nesting"), "{}", e.message);
    }

    #[test]
    fn what_yaml_1_1_reads_otherwise_is_refused() {
        let e = docs("a: 010\n").remove(0).unwrap_err();
        assert_eq!(e.code, Code::Yaml11Octal);
        assert_eq!((e.span.line, e.span.col), (1, 4));
        assert!(docs("a: \"010\"\nb: 0\nc: -10\n").remove(0).is_ok());
        let e = docs("on: 1\n").remove(0).unwrap_err();
        assert_eq!(e.code, Code::Yaml11Bool);
        assert!(docs("\"on\": 1\n").remove(0).is_ok());
    }

    #[test]
    fn core_tags_must_match_their_value() {
        let e = docs("a: !!bool 5\n").remove(0).unwrap_err();
        assert!(e.message.contains("not a valid !!bool"), "{}", e.message);
        assert!(docs("a: !!null 5\n").remove(0).is_err());
        let ok = docs("a: !!int 5\nb: !!float 1\nc: !!str 5\n")
            .remove(0)
            .unwrap();
        assert_eq!(ok.get("b").unwrap().kind, NodeKind::Float(1.0));
    }

    #[test]
    fn cloudformation_tags_are_their_long_form_only_when_asked() {
        let text = "a: !Ref Bucket\nb: !GetAtt Role.Arn\nc: !Join\n  - ''\n  - [x, !Ref AWS::Region]\nd: !Sub\n  - s3://${B}/\n  - {B: !Ref Bucket}\n";
        let doc = cloudformation_documents(text).next().unwrap().unwrap();
        let member = |node: &Node, key: &str| node.get(key).cloned().unwrap();
        let only = |node: &Node| match &node.kind {
            NodeKind::Map(entries) if entries.len() == 1 => {
                (entries[0].0.name.clone(), entries[0].1.clone())
            }
            other => panic!("not a function: {other:?}"),
        };
        let (name, arg) = only(&member(&doc, "a"));
        assert_eq!(
            (name.as_str(), &arg.kind),
            ("Ref", &NodeKind::Str("Bucket".into(), StrStyle::Quoted))
        );
        assert_eq!(only(&member(&doc, "b")).0, "Fn::GetAtt");
        let (name, arg) = only(&member(&doc, "c"));
        assert_eq!(name, "Fn::Join");
        let NodeKind::Seq(items) = &arg.kind else {
            panic!("{arg:?}")
        };
        let NodeKind::Seq(values) = &items[1].kind else {
            panic!("{items:?}")
        };
        assert_eq!(only(&values[1]).0, "Ref");
        assert_eq!(only(&member(&doc, "d")).0, "Fn::Sub");
        // The function points where its tag is written.
        assert_eq!(member(&doc, "a").span.line, 1);
        // Other local tags stay errors, and so do CloudFormation's elsewhere.
        assert!(cloudformation_documents("a: !Foo x\n")
            .next()
            .unwrap()
            .is_err());
        let e = docs("a: !Ref Bucket\n").remove(0).unwrap_err();
        assert!(
            e.message.contains("unsupported YAML tag `!Ref`"),
            "{}",
            e.message
        );
        assert!(docs("a: !GetAtt [R, Arn]\n").remove(0).is_err());
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = docs("a: [1, 2\nb: 3\n").remove(0).unwrap_err();
        assert!(e.span.line >= 1);
    }
}
