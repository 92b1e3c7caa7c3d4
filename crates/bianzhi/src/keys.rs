//! Misspelt keys never pass silently: data is tolerant (an unknown key of a dataset record
//! is an `UNKNOWN_FIELD` finding, the record is kept), configuration is exact (an unknown
//! key of a scheme, plan, evaluation, ledger or dataset `settings` is an input error).
//! Both name the nearest known key when one is close.
//!
//! - [`nearest`]: the closest known key by Damerau–Levenshtein distance.
//! - [`Watch`]: a deserializer wrapper that records the keys of a struct that the struct
//!   does not know, while serde reads it as usual (data: one pass, no second parse).
//! - [`config_message`]: serde's `unknown field` error of a `deny_unknown_fields` type,
//!   rewritten to name the nearest known key (configuration).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// The known key closest to `key`, when it is close enough to be a likely misspelling:
/// at most 1 edit for keys of up to 4 characters, 2 up to 8, 3 beyond; or `key` is a
/// prefix of a known key, or the other way round, ignoring case and `_`/`-`.
///
/// ```
/// assert_eq!(bianzhi::nearest_key("quota", &["units", "quotas", "kind"]), Some("quotas"));
/// assert_eq!(bianzhi::nearest_key("roundng", &["rounding", "items"]), Some("rounding"));
/// assert_eq!(bianzhi::nearest_key("备注", &["name", "kind"]), None);
/// ```
pub fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-' && !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let k = norm(key);
    if k.is_empty() {
        return None;
    }
    let len = k.chars().count();
    let limit = match len {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    known
        .iter()
        .filter(|c| **c != key)
        .filter_map(|c| {
            let n = norm(c);
            let d = strsim::damerau_levenshtein(&k, &n);
            let prefix = len >= 3 && (n.starts_with(&k) || k.starts_with(&n));
            (d <= limit || prefix).then_some((d, *c))
        })
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// serde's error for a key a `deny_unknown_fields` type does not know ("unknown field
/// `roundng`, expected one of `a`, `b`" / "expected `a` or `b`"), rewritten to name the
/// nearest known key; any other message is returned unchanged.
///
/// ```
/// let m = bianzhi::config_key_message("unknown field `roundng`, expected one of `method`, `rounding` at line 1 column 9");
/// assert_eq!(m, "unknown key `roundng` (did you mean `rounding`? known keys: method, rounding) at line 1 column 9");
/// ```
pub fn config_message(msg: &str) -> String {
    let Some(rest) = msg.strip_prefix("unknown field `") else {
        return msg.to_string();
    };
    let Some((key, rest)) = rest.split_once('`') else {
        return msg.to_string();
    };
    // The list runs to the end of the message or to serde_json's " at line L column C".
    let (list, tail) = match rest.rfind(" at line ") {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let known: Vec<&str> = list.split('`').skip(1).step_by(2).collect();
    let hint = match nearest(key, &known) {
        Some(n) => format!("did you mean `{n}`? "),
        None => String::new(),
    };
    if known.is_empty() {
        return format!("unknown key `{key}` (no keys are allowed here){tail}");
    }
    format!(
        "unknown key `{key}` ({hint}known keys: {}){tail}",
        known.join(", ")
    )
}

/// An object's keys that are not in `known`, in order, each with its nearest known key:
/// for configuration maps read by hand (e.g. a plan's `{"items": …, "rounding": …}`).
///
/// # Errors
/// The message of [`config_message`] for the first unknown key.
pub(crate) fn check_keys<'k>(
    keys: impl IntoIterator<Item = &'k String>,
    known: &[&str],
) -> Result<(), String> {
    for k in keys {
        if !known.contains(&k.as_str()) {
            let list: Vec<String> = known.iter().map(|n| format!("`{n}`")).collect();
            return Err(config_message(&format!(
                "unknown field `{k}`, expected one of {}",
                list.join(", ")
            )));
        }
    }
    Ok(())
}

/// An unknown key (a dotted path for a key of a nested record: `secondment.ends`) and the
/// nearest known key of its struct (dotted alike).
pub(crate) type Unknown = (String, Option<String>);

/// The fields whose value is a record of its own, nested in the record being read: their
/// unknown keys are reported under the field's name (`secondment.ends`), as the table
/// readers report a column `secondment.ends`. Other nested values (the maps `quotas`,
/// `leadership`, `caps`) check their keys themselves.
const NESTED_RECORDS: &[&str] = &["secondment"];

/// The fields whose value is a list of records, with the keys an item may have: an unknown
/// key of item `k` is reported as `field[k].key` (`concurrent[0].leadershp`). An item that is
/// not an object (`"U3"`, a unit id alone) has no keys to check.
const NESTED_LISTS: &[(&str, &[&str])] = &[("concurrent", &["unit", "leadership"])];

/// The first key of the object `v` that `T` does not declare and that is not in `also`
/// (the keys of an enclosing struct that flattens `T`, which `deny_unknown_fields` cannot
/// cover), as a [`config_message`]-style error; reading errors are left to the real parse.
pub(crate) fn unknown_in<T: de::DeserializeOwned>(
    v: &serde_json::Value,
    also: &[&str],
) -> Result<(), String> {
    let mut sink = Vec::new();
    let _ = T::deserialize(Watch::new(v, &mut sink));
    match sink.into_iter().find(|(k, _)| !also.contains(&k.as_str())) {
        None => Ok(()),
        Some((k, near)) => Err(match near.as_deref().or_else(|| nearest(&k, also)) {
            Some(n) => format!("unknown key `{k}` (did you mean `{n}`?)"),
            None => format!("unknown key `{k}`"),
        }),
    }
}

/// Wraps a deserializer: the struct it reads is read as usual, and every key of it that
/// the struct does not declare is pushed onto `sink` (only the outermost struct: nested
/// records are their own concern).
pub(crate) struct Watch<'s, D> {
    inner: D,
    sink: &'s mut Vec<Unknown>,
}

impl<'s, D> Watch<'s, D> {
    pub(crate) fn new(inner: D, sink: &'s mut Vec<Unknown>) -> Self {
        Watch { inner, sink }
    }
}

macro_rules! forward {
    ($($m:ident),*) => {$(
        fn $m<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
            self.inner.$m(v)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Watch<'_, D> {
    type Error = D::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_struct(
            name,
            fields,
            StructVisitor {
                inner: visitor,
                fields,
                sink: self.sink,
            },
        )
    }

    forward!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_unit_struct(name, v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_newtype_struct(name, v)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_tuple(len, v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_tuple_struct(name, len, v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_enum(name, variants, v)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    /// An optional record (`secondment`): the record inside `Some` is watched too.
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_option(OptionVisitor {
            inner: v,
            sink: self.sink,
        })
    }
}

struct OptionVisitor<'s, V> {
    inner: V,
    sink: &'s mut Vec<Unknown>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_some(Watch::new(d, self.sink))
    }
}

struct StructVisitor<'s, V> {
    inner: V,
    fields: &'static [&'static str],
    sink: &'s mut Vec<Unknown>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for StructVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_map(Keys {
            inner: map,
            fields: self.fields,
            sink: self.sink,
            nested: None,
        })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_seq(seq)
    }
}

struct Keys<'s, A> {
    inner: A,
    fields: &'static [&'static str],
    sink: &'s mut Vec<Unknown>,
    /// Set by the key just read when its value is a nested record ([`NESTED_RECORDS`]).
    nested: Option<&'static str>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Keys<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        self.inner.next_key_seed(KeySeed {
            inner: seed,
            fields: self.fields,
            sink: self.sink,
            nested: &mut self.nested,
        })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, Self::Error> {
        match self.nested.take() {
            None => self.inner.next_value_seed(seed),
            Some(field) => match NESTED_LISTS.iter().find(|(n, _)| *n == field) {
                Some(&(field, items)) => self.inner.next_value_seed(ListSeed {
                    inner: seed,
                    field,
                    items,
                    sink: self.sink,
                }),
                None => self.inner.next_value_seed(NestedSeed {
                    inner: seed,
                    field,
                    sink: self.sink,
                }),
            },
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// The value of a nested record's field, read through its own [`Watch`]; its unknown
/// keys go to the enclosing record's sink under `field.`.
struct NestedSeed<'s, S> {
    inner: S,
    field: &'static str,
    sink: &'s mut Vec<Unknown>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for NestedSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let mut inner = Vec::new();
        let out = self.inner.deserialize(Watch::new(d, &mut inner));
        let field = self.field;
        self.sink.extend(
            inner
                .into_iter()
                .map(|(k, near)| (format!("{field}.{k}"), near.map(|n| format!("{field}.{n}")))),
        );
        out
    }
}

/// The value of a list-of-records field ([`NESTED_LISTS`]): each object item's keys are
/// checked against `items`, its unknown ones go to the record's sink as `field[k].key`.
struct ListSeed<'s, S> {
    inner: S,
    field: &'static str,
    items: &'static [&'static str],
    sink: &'s mut Vec<Unknown>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for ListSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let mut found = Vec::new();
        let out = self.inner.deserialize(Items {
            inner: d,
            items: self.items,
            sink: &mut found,
        });
        let field = self.field;
        self.sink.extend(found.into_iter().map(|(k, key, near)| {
            (
                format!("{field}[{k}].{key}"),
                near.map(|n| format!("{field}[{k}].{n}")),
            )
        }));
        out
    }
}

/// An unknown key of a list item: (item position, key, nearest known key).
type ItemKey = (usize, String, Option<String>);

/// The deserializer of a list field: the list is read as usual, each item through
/// [`Item`].
struct Items<'s, D> {
    inner: D,
    items: &'static [&'static str],
    sink: &'s mut Vec<ItemKey>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Items<'_, D> {
    type Error = D::Error;

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_seq(ItemsVisitor {
            inner: v,
            items: self.items,
            sink: self.sink,
        })
    }

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_any(ItemsVisitor {
            inner: v,
            items: self.items,
            sink: self.sink,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct ItemsVisitor<'s, V> {
    inner: V,
    items: &'static [&'static str],
    sink: &'s mut Vec<ItemKey>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for ItemsVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_seq(ItemsAccess {
            inner: seq,
            items: self.items,
            sink: self.sink,
            at: 0,
        })
    }
}

struct ItemsAccess<'s, A> {
    inner: A,
    items: &'static [&'static str],
    sink: &'s mut Vec<ItemKey>,
    at: usize,
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for ItemsAccess<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let mut keys = Vec::new();
        let out = self.inner.next_element_seed(ItemSeed {
            inner: seed,
            items: self.items,
            sink: &mut keys,
        });
        let at = self.at;
        self.sink
            .extend(keys.into_iter().map(|(key, near)| (at, key, near)));
        self.at += 1;
        out
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// One list item: an object's keys pass through [`Keys`] (checked against the item's
/// keys), any other value is read as it is.
struct ItemSeed<'s, S> {
    inner: S,
    items: &'static [&'static str],
    sink: &'s mut Vec<Unknown>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for ItemSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.inner.deserialize(ItemDe {
            inner: d,
            items: self.items,
            sink: self.sink,
        })
    }
}

struct ItemDe<'s, D> {
    inner: D,
    items: &'static [&'static str],
    sink: &'s mut Vec<Unknown>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ItemDe<'_, D> {
    type Error = D::Error;

    // An untagged item type reads its value with `deserialize_any`; a struct item with
    // `deserialize_struct`: both see the object's keys through `Keys`.
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_any(ItemVisitor {
            inner: v,
            items: self.items,
            sink: self.sink,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_struct(
            name,
            fields,
            StructVisitor {
                inner: v,
                fields: self.items,
                sink: self.sink,
            },
        )
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

/// Any value of a list item, passed on as it is; an object's keys go through [`Keys`].
struct ItemVisitor<'s, V> {
    inner: V,
    items: &'static [&'static str],
    sink: &'s mut Vec<Unknown>,
}

macro_rules! pass {
    ($($m:ident($t:ty)),*) => {$(
        fn $m<E: de::Error>(self, x: $t) -> Result<Self::Value, E> {
            self.inner.$m(x)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for ItemVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.inner.expecting(f)
    }

    pass!(
        visit_bool(bool),
        visit_i64(i64),
        visit_i128(i128),
        visit_u64(u64),
        visit_u128(u128),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>)
    );

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_some(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_newtype_struct(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_seq(seq)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, e: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_enum(e)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_map(Keys {
            inner: map,
            fields: self.items,
            sink: self.sink,
            nested: None,
        })
    }
}

struct KeySeed<'s, 'n, K> {
    inner: K,
    fields: &'static [&'static str],
    sink: &'s mut Vec<Unknown>,
    nested: &'n mut Option<&'static str>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, '_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.inner.deserialize(KeyDe {
            inner: d,
            fields: self.fields,
            sink: self.sink,
            nested: self.nested,
        })
    }
}

struct KeyDe<'s, 'n, D> {
    inner: D,
    fields: &'static [&'static str],
    sink: &'s mut Vec<Unknown>,
    nested: &'n mut Option<&'static str>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDe<'_, '_, D> {
    type Error = D::Error;

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_identifier(KeyVisitor {
            inner: v,
            fields: self.fields,
            sink: self.sink,
            nested: self.nested,
        })
    }

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_any(KeyVisitor {
            inner: v,
            fields: self.fields,
            sink: self.sink,
            nested: self.nested,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        ignored_any
    }
}

struct KeyVisitor<'s, 'n, V> {
    inner: V,
    fields: &'static [&'static str],
    sink: &'s mut Vec<Unknown>,
    nested: &'n mut Option<&'static str>,
}

impl<V> KeyVisitor<'_, '_, V> {
    fn note(&mut self, key: &str) {
        if !self.fields.contains(&key) {
            let near = nearest(key, self.fields).map(str::to_string);
            self.sink.push((key.to_string(), near));
        } else if let Some(n) = NESTED_RECORDS
            .iter()
            .copied()
            .chain(NESTED_LISTS.iter().map(|(n, _)| *n))
            .find(|n| *n == key)
        {
            *self.nested = Some(n);
        }
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, '_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_str<E: de::Error>(mut self, s: &str) -> Result<Self::Value, E> {
        self.note(s);
        self.inner.visit_str(s)
    }

    fn visit_borrowed_str<E: de::Error>(mut self, s: &'de str) -> Result<Self::Value, E> {
        self.note(s);
        self.inner.visit_borrowed_str(s)
    }

    fn visit_string<E: de::Error>(mut self, s: String) -> Result<Self::Value, E> {
        self.note(&s);
        self.inner.visit_string(s)
    }

    fn visit_bytes<E: de::Error>(mut self, b: &[u8]) -> Result<Self::Value, E> {
        if let Ok(s) = std::str::from_utf8(b) {
            self.note(s);
        }
        self.inner.visit_bytes(b)
    }

    fn visit_borrowed_bytes<E: de::Error>(mut self, b: &'de [u8]) -> Result<Self::Value, E> {
        if let Ok(s) = std::str::from_utf8(b) {
            self.note(s);
        }
        self.inner.visit_borrowed_bytes(b)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        self.inner.visit_u64(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Rec {
        id: String,
        #[serde(default)]
        quotas: Option<u32>,
    }

    #[test]
    fn watch_records_unknown_keys_from_text_and_values() {
        let text = r#"{"id": "U1", "quota": 3, "kind\u0041": 1, "quotas": 2}"#;
        let mut sink = Vec::new();
        let mut de = serde_json::Deserializer::from_str(text);
        let r = Rec::deserialize(Watch::new(&mut de, &mut sink)).unwrap();
        assert_eq!(r.quotas, Some(2));
        assert_eq!(
            sink,
            [
                ("quota".into(), Some("quotas".into())),
                ("kindA".into(), None)
            ]
        );
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut sink2 = Vec::new();
        Rec::deserialize(Watch::new(&v, &mut sink2)).unwrap();
        // A map value gives its keys in its own (sorted) order.
        sink2.sort();
        assert_eq!(
            sink2,
            [
                ("kindA".into(), None),
                ("quota".into(), Some("quotas".into()))
            ]
        );
    }

    #[test]
    fn aliases_are_known_keys() {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct A {
            #[serde(rename = "type", alias = "kind")]
            k: u8,
        }
        let v = serde_json::json!({"kind": 1, "typo": 2});
        assert_eq!(
            unknown_in::<A>(&v, &[]),
            Err("unknown key `typo` (did you mean `type`?)".into())
        );
        assert_eq!(
            unknown_in::<A>(&serde_json::json!({"kind": 1}), &[]),
            Ok(())
        );
    }

    #[test]
    fn plan_and_ledger_keys_are_exact() {
        let e = crate::plan::compute_json(
            r#"{"method": "ratio", "served": 9, "per": 2, "roundng": "floor"}"#,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown key `roundng` (did you mean `rounding`?"),
            "{e}"
        );
        let e = crate::plan::compute_json(
            r#"{"items": [{"method": "ratio", "served": 9, "per": 2}], "roundng": "floor"}"#,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown key `roundng` (did you mean `rounding`?"),
            "{e}"
        );
        let e = crate::plan::rectification_json(
            r#"{"as_of": "2026-05-01", "taks": [{"id": "T1", "deadline": "2026-04-30"}]}"#,
            None,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown key `taks` (did you mean `tasks`?)"),
            "{e}"
        );
        let e = crate::plan::rectification_json(
            r#"{"as_of": "2026-05-01", "tasks": [{"id": "T1", "deadlin": "2026-04-30"}]}"#,
            None,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown key `deadlin` (did you mean `deadline`?"),
            "{e}"
        );
        let e = crate::plan::rectification_json(
            r#"{"as_of": "2026-05-01", "tasks": [{"id": "T1"}],
                "events": [{"task": "T1", "kind": "closed", "date": "2026-04-01", "note2": 1}]}"#,
            None,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("events[0]: unknown key `note2` (did you mean `note`?)"),
            "{e}"
        );
        let e = crate::plan::evaluate_json(r#"{"scheme": "default", "unit": []}"#).unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown key `unit` (did you mean `units`?"),
            "{e}"
        );
    }

    #[test]
    fn nearest_needs_a_close_key() {
        assert_eq!(nearest("quota", &["quotas", "units"]), Some("quotas"));
        assert_eq!(nearest("Birth-Date", &["birth_date"]), Some("birth_date"));
        assert_eq!(nearest("remarks", &["name", "unit", "status"]), None);
        assert_eq!(nearest("x", &["id"]), None);
    }

    #[test]
    fn config_message_names_the_nearest_key() {
        let m = config_message("unknown field `roundng`, expected `rounding` or `items`");
        assert_eq!(
            m,
            "unknown key `roundng` (did you mean `rounding`? known keys: rounding, items)"
        );
        assert_eq!(config_message("missing field `x`"), "missing field `x`");
    }
}
