//! Reading internally tagged enums whose tag comes first, without buffering.
//!
//! serde's `#[serde(tag = "…")]` reads the whole object into an intermediate value before it
//! looks at the tag, because the tag may come anywhere. That costs time for every message and,
//! in the widget, a second copy of the deserialiser of every type inside the enum (one for JSON,
//! one for the intermediate value). The gateway writes the tag first, so its readers need no
//! buffer: [`tag_first_enum!`] declares an enum that serialises exactly as serde's internally
//! tagged form (`{"type": "call_offered", "call": …}`) and deserialises it straight from the
//! JSON, the tag first and then the variant's fields. An object whose first key is not the tag
//! is rejected with an error that says so.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, Error, IgnoredAny, MapAccess, VariantAccess, Visitor,
};

/// Declares an enum of struct variants, internally tagged by `$tag` with snake_case variant
/// names, whose `Deserialize` reads the tag first without buffering (see the module docs).
/// Field attributes (`#[serde(default)]`, …) apply to both directions.
#[macro_export]
macro_rules! tag_first_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (tag = $tag:literal) {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident {
                    $(
                        $(#[$field_meta:meta])*
                        $field:ident : $ty:ty
                    ),* $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(::serde::Serialize)]
        #[serde(tag = $tag, rename_all = "snake_case")]
        $vis enum $name {
            $(
                $(#[$variant_meta])*
                $variant {
                    $(
                        $(#[$field_meta])*
                        $field: $ty,
                    )*
                },
            )*
        }

        const _: () = {
            // The same variants, externally tagged: what the fields after the tag are read as.
            #[derive(::serde::Deserialize)]
            #[serde(rename_all = "snake_case")]
            enum Untagged {
                $(
                    $variant {
                        $(
                            $(#[$field_meta])*
                            $field: $ty,
                        )*
                    },
                )*
            }

            impl $crate::tag_first::FromFields for $name {
                const TAG: &'static str = $tag;

                fn from_fields<'de, A: ::serde::de::MapAccess<'de>>(
                    variant: &str,
                    map: A,
                ) -> ::std::result::Result<Self, A::Error> {
                    let untagged: Untagged = $crate::tag_first::variant_from_fields(variant, map)?;
                    Ok(match untagged {
                        $(Untagged::$variant { $($field),* } => Self::$variant { $($field),* },)*
                    })
                }
            }

            impl<'de> ::serde::Deserialize<'de> for $name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::std::result::Result<Self, D::Error> {
                    $crate::tag_first::deserialize(deserializer)
                }
            }
        };
    };
}

/// An enum declared with [`tag_first_enum!`]: its tag's key, and how a variant is read from
/// the fields after the tag.
pub trait FromFields: Sized {
    /// The key of the tag.
    const TAG: &'static str;

    /// Reads the variant named `variant` from the rest of `map` (the fields after the tag);
    /// fields it does not know are skipped.
    fn from_fields<'de, A: MapAccess<'de>>(variant: &str, map: A) -> Result<Self, A::Error>;
}

/// Reads a `T` from an object whose first key is `T`'s tag.
pub fn deserialize<'de, D: Deserializer<'de>, T: FromFields>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(TagFirst(PhantomData))
}

/// Reads the tag's value when `key`, the key just read from `map`, is `tag`; otherwise an error
/// that names both.
pub fn read_tag<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: &str,
    tag: &str,
) -> Result<String, A::Error> {
    if key != tag {
        return Err(A::Error::custom(format_args!(
            "expected the tag `{tag}` before the other fields, found `{key}`"
        )));
    }
    map.next_value()
}

struct TagFirst<T>(PhantomData<T>);

impl<'de, T: FromFields> Visitor<'de> for TagFirst<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object whose first key is `{}`", T::TAG)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(key) = map.next_key::<String>()? else {
            return Err(A::Error::missing_field(T::TAG));
        };
        let variant = read_tag(&mut map, &key, T::TAG)?;
        T::from_fields(&variant, map)
    }
}

/// Reads an externally tagged `T` (the hidden twin of a [`tag_first_enum!`]) from the variant's
/// name and the object's remaining fields.
pub fn variant_from_fields<'de, A, T>(variant: &str, map: A) -> Result<T, A::Error>
where
    A: MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(Variant { name: variant, map })
}

/// A variant name and the fields after it, presented as an externally tagged enum.
struct Variant<'a, A> {
    name: &'a str,
    map: A,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Variant<'_, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for Variant<'_, A> {
    type Error = A::Error;
    type Variant = Fields<A>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Fields<A>), A::Error> {
        let name = seed.deserialize(StrDeserializer::<A::Error>::new(self.name))?;
        Ok((name, Fields(self.map)))
    }
}

/// The fields of a variant: the rest of the object after its tag.
struct Fields<A>(A);

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for Fields<A> {
    type Error = A::Error;

    fn unit_variant(mut self) -> Result<(), A::Error> {
        while self.0.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        seed.deserialize(MapAccessDeserializer::new(self.0))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, A::Error> {
        Err(A::Error::custom(
            "a tagged variant has named fields, not a tuple",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
    }
}
