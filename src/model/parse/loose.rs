//! Lenient JSON values for typed parsing: a field of the wrong type is kept as "what it was",
//! never an error, so one odd field cannot make a whole result unreadable.
//!
//! `serde` derive fails a whole struct when one field has the wrong type. Fields declared as
//! [`Loose`], [`LooseObj`] or [`LooseList`] accept anything: the conversion that follows turns a
//! wrong type into "absent" plus a note naming the field (see `result_doc.rs`). Strings are
//! borrowed from the input when they hold no escapes. No terminal dependencies.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Any JSON value, with strings borrowed where possible. Arrays and objects are kept as a
/// [`Value`] (they are the rare, wrong-typed case for the fields that use this).
#[derive(Debug, Default, Clone, PartialEq)]
pub enum Loose<'a> {
    /// `null`, or the field was absent.
    #[default]
    Null,
    /// A string.
    Str(Cow<'a, str>),
    /// An integer that fits `i64`.
    Int(i64),
    /// A larger unsigned integer.
    UInt(u64),
    /// Any other number.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// An array or object.
    Other(Value),
}

impl Loose<'_> {
    /// A name for the JSON type, for notes: "a string", "an array", …
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Loose::Null => "null",
            Loose::Str(_) => "a string",
            Loose::Int(_) | Loose::UInt(_) | Loose::Float(_) => "a number",
            Loose::Bool(_) => "a boolean",
            Loose::Other(Value::Array(_)) => "an array",
            Loose::Other(_) => "an object",
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Loose<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LooseVisitor<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for LooseVisitor<'a> {
            type Value = Loose<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Loose::Null)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Loose::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                Loose::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Loose::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Loose::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(i64::try_from(v).map_or(Loose::UInt(v), Loose::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Loose::Float(v))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Loose::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Loose::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Loose::Str(Cow::Owned(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let value = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Loose::Other(value))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let value = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Loose::Other(value))
            }
        }
        deserializer.deserialize_any(LooseVisitor(PhantomData))
    }
}

/// An object field: the object parsed as `T`, or what stood there instead.
#[derive(Debug, Default)]
pub enum LooseObj<T> {
    /// `null`, or the field was absent.
    #[default]
    Null,
    /// An object.
    Obj(T),
    /// Anything else; the JSON type's name, for a note.
    Wrong(&'static str),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LooseObj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjVisitor<T> {
            type Value = LooseObj<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(LooseObj::Obj)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(LooseObj::Null)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(LooseObj::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                LooseObj::deserialize(d)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(LooseObj::Wrong("a boolean"))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(LooseObj::Wrong("a number"))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(LooseObj::Wrong("a number"))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(LooseObj::Wrong("a number"))
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(LooseObj::Wrong("a string"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LooseObj::Wrong("an array"))
            }
        }
        deserializer.deserialize_any(ObjVisitor(PhantomData))
    }
}

/// An array field: its items, each an object parsed as `T` or what stood there instead.
#[derive(Debug, Default)]
pub enum LooseList<T> {
    /// `null`, or the field was absent.
    #[default]
    Null,
    /// An array.
    Items(Vec<LooseObj<T>>),
    /// Anything else; the JSON type's name, for a note.
    Wrong(&'static str),
}

impl<T> LooseList<T> {
    /// The items, or none.
    #[must_use]
    pub fn items(self) -> Vec<LooseObj<T>> {
        match self {
            LooseList::Items(items) => items,
            LooseList::Null | LooseList::Wrong(_) => Vec::new(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LooseList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = LooseList<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element::<LooseObj<T>>()? {
                    items.push(item);
                }
                Ok(LooseList::Items(items))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(LooseList::Null)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(LooseList::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                LooseList::deserialize(d)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(LooseList::Wrong("a boolean"))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(LooseList::Wrong("a number"))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(LooseList::Wrong("a number"))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(LooseList::Wrong("a number"))
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(LooseList::Wrong("a string"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LooseList::Wrong("an object"))
            }
        }
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Doc<'a> {
        #[serde(default, borrow)]
        a: Loose<'a>,
        #[serde(default)]
        o: LooseObj<Inner>,
        #[serde(default)]
        l: LooseList<Inner>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Inner {
        x: Option<i64>,
    }

    #[test]
    fn wrong_types_are_kept_not_errors() {
        let doc: Doc = serde_json::from_str(r#"{"a": [1, 2], "o": "s", "l": {"x": 1}}"#).unwrap();
        assert_eq!(doc.a.kind(), "an array");
        assert!(matches!(doc.o, LooseObj::Wrong("a string")));
        assert!(matches!(doc.l, LooseList::Wrong("an object")));
    }

    #[test]
    fn right_types_parse_and_strings_borrow() {
        let doc: Doc =
            serde_json::from_str(r#"{"a": "plain", "o": {"x": 5}, "l": [{"x": 1}, 7, null]}"#)
                .unwrap();
        assert!(matches!(doc.a, Loose::Str(Cow::Borrowed("plain"))));
        assert!(matches!(doc.o, LooseObj::Obj(Inner { x: Some(5) })));
        let items = doc.l.items();
        assert!(matches!(items[0], LooseObj::Obj(Inner { x: Some(1) })));
        assert!(matches!(items[1], LooseObj::Wrong("a number")));
        assert!(matches!(items[2], LooseObj::Null));
    }

    #[test]
    fn absent_and_null_are_null() {
        let doc: Doc = serde_json::from_str(r#"{"o": null}"#).unwrap();
        assert_eq!(doc.a, Loose::Null);
        assert!(matches!(doc.o, LooseObj::Null));
        assert!(matches!(doc.l, LooseList::Null));
    }
}
