//! Schemata and properties: the FollowTheMoney subset that watchlists need.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A name that is not a known schema or property.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{name}`")]
pub struct UnknownName {
    /// What was looked up: "schema" or "property".
    pub kind: &'static str,
    /// The name that was not found.
    pub name: String,
}

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The FollowTheMoney name of this variant.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName { kind: $kind, name: s.to_string() }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum!(
    /// The kind of thing an entity is, named as in FollowTheMoney.
    Schema, "schema", {
        /// A natural person.
        Person => "Person",
        /// A registered company.
        Company => "Company",
        /// A non-company organisation: agency, armed group, foundation, university.
        Organization => "Organization",
        /// Any legal entity whose precise kind the list does not say.
        LegalEntity => "LegalEntity",
        /// A ship.
        Vessel => "Vessel",
        /// An aircraft.
        Airplane => "Airplane",
        /// A postal address.
        Address => "Address",
    }
);

impl Schema {
    /// Whether this schema describes a party that can be screened by name.
    pub fn is_party(self) -> bool {
        !matches!(self, Schema::Address)
    }

    /// Whether an entity of schema `self` may be the same thing as one of schema `other`.
    ///
    /// LegalEntity is the parent of Person, Company and Organization, so it is compatible with
    /// each of them; Company and Organization are compatible with each other because lists
    /// disagree on which is which. Vessels and airplanes match only themselves.
    pub fn compatible(self, other: Schema) -> bool {
        use Schema::*;
        if self == other {
            return true;
        }
        matches!(
            (self, other),
            (LegalEntity, Person | Company | Organization)
                | (Person | Company | Organization, LegalEntity)
                | (Company, Organization)
                | (Organization, Company)
        )
    }
}

named_enum!(
    /// A property of an entity, named as in FollowTheMoney.
    Prop, "property", {
        /// The primary name.
        Name => "name",
        /// A strong alias (a.k.a.).
        Alias => "alias",
        /// A weak alias (nickname, short form) that alone does not identify the entity.
        WeakAlias => "weakAlias",
        /// A former name (f.k.a.).
        PreviousName => "previousName",
        /// A country the entity is linked to (ISO 3166-1 alpha-2, lower case as in FtM).
        Country => "country",
        /// The country of incorporation.
        Jurisdiction => "jurisdiction",
        /// A nationality or citizenship.
        Nationality => "nationality",
        /// A birth date, ISO 8601, possibly partial (`1962`, `1962-05`).
        BirthDate => "birthDate",
        /// A place of birth.
        BirthPlace => "birthPlace",
        /// A company registration number.
        RegistrationNumber => "registrationNumber",
        /// A Russian taxpayer number (ИНН).
        InnCode => "innCode",
        /// A Russian primary state registration number (ОГРН).
        OgrnCode => "ogrnCode",
        /// A tax number of any other country.
        TaxNumber => "taxNumber",
        /// An IMO ship or company number.
        ImoNumber => "imoNumber",
        /// A passport number.
        PassportNumber => "passportNumber",
        /// A national identity or other identification number.
        IdNumber => "idNumber",
        /// A SWIFT/BIC code.
        SwiftBic => "swiftBic",
        /// A Legal Entity Identifier.
        LeiCode => "leiCode",
        /// A full address as one line.
        Address => "address",
        /// A sanctions programme or list subdivision.
        Program => "program",
        /// The date the entity was listed.
        ListingDate => "listingDate",
        /// Free-text remarks from the list.
        Notes => "notes",
        /// A title or position.
        Position => "position",
        /// A gender.
        Gender => "gender",
        /// A phone number.
        Phone => "phone",
        /// An e-mail address.
        Email => "email",
        /// A website.
        Website => "website",
        /// A vessel's or aircraft's type.
        Type => "type",
        /// A vessel's flag.
        Flag => "flag",
        /// A vessel's call sign.
        CallSign => "callSign",
        /// A vessel's or aircraft's owner as written in the list.
        Owner => "owner",
        /// Where the list publishes this record.
        SourceUrl => "sourceUrl",
    }
);

impl Prop {
    /// Whether values of this property are names to screen against.
    pub fn is_name(self) -> bool {
        matches!(
            self,
            Prop::Name | Prop::Alias | Prop::WeakAlias | Prop::PreviousName
        )
    }

    /// Whether values of this property are identifiers that pin an entity down on their own.
    pub fn is_identifier(self) -> bool {
        matches!(
            self,
            Prop::RegistrationNumber
                | Prop::InnCode
                | Prop::OgrnCode
                | Prop::TaxNumber
                | Prop::ImoNumber
                | Prop::PassportNumber
                | Prop::IdNumber
                | Prop::SwiftBic
                | Prop::LeiCode
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Schema::ALL {
            assert_eq!(s.as_str().parse::<Schema>(), Ok(*s));
        }
        for p in Prop::ALL {
            assert_eq!(p.as_str().parse::<Prop>(), Ok(*p));
        }
        assert!("Vehicle".parse::<Schema>().is_err());
        assert_eq!("innCode".parse::<Prop>(), Ok(Prop::InnCode));
    }

    #[test]
    fn compatibility_is_symmetric_and_strict() {
        for a in Schema::ALL {
            for b in Schema::ALL {
                assert_eq!(a.compatible(*b), b.compatible(*a), "{a} {b}");
            }
        }
        assert!(Schema::LegalEntity.compatible(Schema::Person));
        assert!(!Schema::Person.compatible(Schema::Company));
        assert!(!Schema::Vessel.compatible(Schema::Company));
    }
}
