//! The message schema, from the compiled descriptor the generated crate
//! carries: field names (proto and JSON), numbers and types, so the binary
//! and JSON readers can check inputs field by field and say where they
//! went wrong.

use std::collections::HashMap;
use std::sync::OnceLock;

use prost::Message as _;
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FileDescriptorSet};

/// The full name of the top-level message.
pub const TRAINING_JOB: &str = "flyteidl.plugins.sagemaker.TrainingJob";

/// The full name of the tuning job's message.
pub const TUNING_JOB: &str = "flyteidl.plugins.sagemaker.HyperparameterTuningJob";

/// Every message of the package, by full name.
#[derive(Debug)]
pub struct Proto {
    messages: HashMap<String, Msg>,
}

/// One message.
#[derive(Debug)]
pub struct Msg {
    /// The short name (`TrainingJobResourceConfig`).
    pub name: String,
    /// The fields in declaration order.
    pub fields: Vec<Field>,
    /// Whether it is the entry type of a `map<K, V>` field (fields `key`
    /// and `value`), which proto3 JSON writes as an object.
    pub map_entry: bool,
}

/// One field.
#[derive(Debug)]
pub struct Field {
    /// The field number.
    pub number: u32,
    /// The proto name (`instance_count`).
    pub name: String,
    /// The proto3 JSON name (`instanceCount`).
    pub json_name: String,
    /// The value type.
    pub kind: Kind,
    /// Whether the field is `repeated`.
    pub repeated: bool,
}

/// The value types a field can have, as far as reading needs to tell them apart.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `int64`, `int32`, `uint64`, `uint32`, `sint*` (varint numbers).
    Int(&'static str),
    /// `bool`.
    Bool,
    /// An enum: full name and known values.
    Enum(String, Vec<(i32, String)>),
    /// `string`.
    String,
    /// `bytes`.
    Bytes,
    /// A message, by full name.
    Message(String),
    /// A fixed-width number (`fixed64`, `double`, ...) with its wire type.
    Fixed(&'static str, WireType),
}

/// The protobuf wire types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireType {
    /// 0: a varint.
    Varint,
    /// 1: eight bytes.
    I64,
    /// 2: a length, then that many bytes.
    Len,
    /// 3: start of a group (deprecated).
    StartGroup,
    /// 4: end of a group (deprecated).
    EndGroup,
    /// 5: four bytes.
    I32,
}

impl WireType {
    /// The wire type of a tag's low three bits.
    pub fn from_bits(bits: u64) -> Option<WireType> {
        Some(match bits {
            0 => WireType::Varint,
            1 => WireType::I64,
            2 => WireType::Len,
            3 => WireType::StartGroup,
            4 => WireType::EndGroup,
            5 => WireType::I32,
            _ => return None,
        })
    }

    /// How messages name it.
    pub fn describe(self) -> &'static str {
        match self {
            WireType::Varint => "0 (varint)",
            WireType::I64 => "1 (64-bit)",
            WireType::Len => "2 (length-delimited)",
            WireType::StartGroup => "3 (group start)",
            WireType::EndGroup => "4 (group end)",
            WireType::I32 => "5 (32-bit)",
        }
    }
}

impl Kind {
    /// The wire type a single value of this kind is written with.
    pub fn wire_type(&self) -> WireType {
        match self {
            Kind::Int(_) | Kind::Bool | Kind::Enum(..) => WireType::Varint,
            Kind::String | Kind::Bytes | Kind::Message(_) => WireType::Len,
            Kind::Fixed(_, w) => *w,
        }
    }

    /// The type as the schema writes it.
    pub fn describe(&self) -> String {
        match self {
            Kind::Int(t) | Kind::Fixed(t, _) => (*t).to_owned(),
            Kind::Bool => "bool".to_owned(),
            Kind::Enum(name, _) => format!("enum {}", short(name)),
            Kind::String => "string".to_owned(),
            Kind::Bytes => "bytes".to_owned(),
            Kind::Message(name) => format!("message {}", short(name)),
        }
    }
}

/// `InputMode.Value` from `flyteidl.plugins.sagemaker.InputMode.Value`.
pub fn short(full: &str) -> &str {
    full.strip_prefix(tjspec_flyteidl::PACKAGE)
        .and_then(|s| s.strip_prefix('.'))
        .unwrap_or(full)
}

impl Proto {
    /// The message with the given full name.
    pub fn message(&self, full: &str) -> &Msg {
        &self.messages[full]
    }
}

impl Msg {
    /// The field with the given number.
    pub fn by_number(&self, number: u32) -> Option<&Field> {
        self.fields.iter().find(|f| f.number == number)
    }
}

/// The schema of the generated crate's descriptor.
pub fn proto() -> &'static Proto {
    static P: OnceLock<Proto> = OnceLock::new();
    P.get_or_init(|| {
        let fds = FileDescriptorSet::decode(tjspec_flyteidl::FILE_DESCRIPTOR_SET)
            .expect("the generated descriptor decodes");
        let mut enums = HashMap::new();
        let mut raw = Vec::new();
        for file in &fds.file {
            let prefix = format!(".{}", file.package());
            collect(
                &prefix,
                &file.message_type,
                &file.enum_type,
                &mut raw,
                &mut enums,
            );
        }
        let messages = raw
            .into_iter()
            .map(|(full, m)| {
                let fields = m
                    .field
                    .iter()
                    .map(|f| Field {
                        number: u32::try_from(f.number()).expect("field numbers are positive"),
                        name: f.name().to_owned(),
                        json_name: f.json_name().to_owned(),
                        repeated: f.label() == Label::Repeated,
                        kind: kind(f.r#type(), f.type_name(), &enums),
                    })
                    .collect();
                (
                    full.trim_start_matches('.').to_owned(),
                    Msg {
                        name: m.name().to_owned(),
                        map_entry: m.options.as_ref().is_some_and(|o| o.map_entry()),
                        fields,
                    },
                )
            })
            .collect();
        Proto { messages }
    })
}

type Enums = HashMap<String, Vec<(i32, String)>>;

fn collect(
    prefix: &str,
    messages: &[DescriptorProto],
    enum_types: &[EnumDescriptorProto],
    out: &mut Vec<(String, DescriptorProto)>,
    enums: &mut Enums,
) {
    for e in enum_types {
        let values = e
            .value
            .iter()
            .map(|v| (v.number(), v.name().to_owned()))
            .collect();
        enums.insert(format!("{prefix}.{}", e.name()), values);
    }
    for m in messages {
        let full = format!("{prefix}.{}", m.name());
        collect(&full, &m.nested_type, &m.enum_type, out, enums);
        out.push((full, m.clone()));
    }
}

fn kind(t: Type, type_name: &str, enums: &Enums) -> Kind {
    match t {
        Type::Int64 => Kind::Int("int64"),
        Type::Int32 => Kind::Int("int32"),
        Type::Uint64 => Kind::Int("uint64"),
        Type::Uint32 => Kind::Int("uint32"),
        Type::Sint64 => Kind::Int("sint64"),
        Type::Sint32 => Kind::Int("sint32"),
        Type::Bool => Kind::Bool,
        Type::String => Kind::String,
        Type::Bytes => Kind::Bytes,
        Type::Enum => Kind::Enum(
            type_name.trim_start_matches('.').to_owned(),
            enums.get(type_name).cloned().unwrap_or_default(),
        ),
        Type::Message | Type::Group => Kind::Message(type_name.trim_start_matches('.').to_owned()),
        Type::Double => Kind::Fixed("double", WireType::I64),
        Type::Fixed64 => Kind::Fixed("fixed64", WireType::I64),
        Type::Sfixed64 => Kind::Fixed("sfixed64", WireType::I64),
        Type::Float => Kind::Fixed("float", WireType::I32),
        Type::Fixed32 => Kind::Fixed("fixed32", WireType::I32),
        Type::Sfixed32 => Kind::Fixed("sfixed32", WireType::I32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_descriptor_has_the_released_field_numbers() {
        let p = proto();
        let job = p.message(TRAINING_JOB);
        let names: Vec<_> = job
            .fields
            .iter()
            .map(|f| (f.number, f.json_name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                (1, "algorithmSpecification"),
                (2, "trainingJobResourceConfig"),
                (3, "interruptible"),
                (4, "stoppingCondition")
            ]
        );
        let rc = p.message("flyteidl.plugins.sagemaker.TrainingJobResourceConfig");
        let f = rc.by_number(3).unwrap();
        assert_eq!(
            (f.name.as_str(), f.json_name.as_str()),
            ("volume_size_in_gb", "volumeSizeInGb")
        );
        assert_eq!(f.kind, Kind::Int("int64"));
        let mode = p.message("flyteidl.plugins.sagemaker.AlgorithmSpecification");
        assert_eq!(
            mode.by_number(1).unwrap().kind,
            Kind::Enum(
                "flyteidl.plugins.sagemaker.InputMode.Value".into(),
                vec![(0, "FILE".into()), (1, "PIPE".into())]
            )
        );
        assert!(mode.by_number(4).unwrap().repeated);
    }
}
