//! Parsing of the OFAC remarks field into properties; filled in by the lists work.
