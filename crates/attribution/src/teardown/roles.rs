//! Weapon roles of a teardown catalogue as shown in reports: label and whether the role is an
//! uncrewed aircraft, from the editable table `data/teardown_roles.csv`.

use crate::error::{AttributionError, Result};
use chokepoint_refdata::Table;
use serde::Serialize;

/// The built-in role table.
pub const ROLES_CSV: &str = include_str!("../../data/teardown_roles.csv");

/// One role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    /// As written in the weapons file.
    pub role: String,
    /// As shown.
    pub label: String,
    /// Whether weapons of this role are drones (uncrewed aircraft).
    pub drone: bool,
}

/// The role table.
#[derive(Debug, Clone)]
pub struct Roles {
    roles: Vec<Role>,
}

impl Roles {
    /// The built-in table.
    pub fn builtin() -> Result<Self> {
        Self::parse(ROLES_CSV, "data/teardown_roles.csv")
    }

    /// Parses a role table; `name` is used in errors.
    pub fn parse(text: &str, name: &str) -> Result<Self> {
        let table = Table::parse(text, name)?;
        table.require_columns(&["role", "label", "drone"])?;
        let mut roles: Vec<Role> = Vec::new();
        for row in table.rows() {
            let bad = |m: String| AttributionError::Data {
                file: name.to_string(),
                line: row.line(),
                message: m,
            };
            let role = row.get("role").trim().to_string();
            if role.is_empty() {
                return Err(bad("empty role".into()));
            }
            if roles.iter().any(|r| r.role == role) {
                return Err(bad(format!("duplicate role `{role}`")));
            }
            let drone = match row.get("drone").trim() {
                "yes" => true,
                "no" => false,
                other => return Err(bad(format!("drone `{other}` is not yes or no"))),
            };
            let label = match row.get("label").trim() {
                "" => role.clone(),
                l => l.to_string(),
            };
            roles.push(Role { role, label, drone });
        }
        Ok(Roles { roles })
    }

    /// The role as listed, or the role as written (not a drone) when it is not listed.
    pub fn get(&self, role: &str) -> Role {
        self.roles
            .iter()
            .find(|r| r.role == role)
            .cloned()
            .unwrap_or_else(|| Role {
                role: role.to_string(),
                label: role.to_string(),
                drone: false,
            })
    }

    /// The position of a role in the table (unlisted roles after every listed one): the
    /// order families are shown in.
    pub fn rank(&self, role: &str) -> usize {
        self.roles
            .iter()
            .position(|r| r.role == role)
            .unwrap_or(self.roles.len())
    }

    /// The roles that are drones, in table order.
    pub fn drones(&self) -> Vec<&Role> {
        self.roles.iter().filter(|r| r.drone).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_roles_and_unlisted_ones() {
        let r = Roles::builtin().unwrap();
        assert!(r.get("loitering_munition").drone);
        assert!(!r.get("missile").drone);
        assert_eq!(r.get("fpv_strike").label, "FPV strike drone");
        let other = r.get("naval");
        assert_eq!((other.label.as_str(), other.drone), ("naval", false));
        assert!(r.rank("naval") > r.rank("unknown"));
        assert_eq!(r.drones().len(), 4);
    }

    #[test]
    fn bad_rows_name_the_line() {
        let e = Roles::parse("role,label,drone\nx,X,maybe\n", "r.csv")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("r.csv:2:"), "{e}");
    }
}
