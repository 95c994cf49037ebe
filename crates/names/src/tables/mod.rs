//! The table layer: the name tables that analysts may edit (legal forms, organisation types,
//! given names, trade abbreviations, stopwords, Arabic name spellings, Chinese company words:
//! data files under `data/`, embedded in the crate and loaded once) and the lookups over them,
//! with the rules derived from them (patronymics, `abd` compounds).
//! Tables use the script layer to read their forms the way names are read; they know nothing
//! of the pipeline.

pub mod abbreviations;
pub(crate) mod arabic_names;
pub(crate) mod chinese_words;
mod data;
pub mod given_names;
pub mod legal_forms;
pub mod org_types;
pub mod patronymics;
mod pattern;
pub mod stopwords;

#[cfg(test)]
mod tests {
    /// Every built-in table parses and reads: a malformed data file is caught here, not by a
    /// caller at run time.
    #[test]
    fn every_built_in_table_loads() {
        let legal = super::legal_forms::load().map(|t| t.len());
        let org = super::org_types::load().map(|t| t.len());
        let given = super::given_names::load().map(|t| t.len());
        let abbreviations = super::abbreviations::load().map(|t| t.len());
        let stopwords = super::stopwords::load().map(|t| t.len());
        let arabic = super::arabic_names::load().map(|t| t.len());
        let chinese = super::chinese_words::load().map(|t| t.len());
        for (name, loaded) in [
            ("legal_forms", legal),
            ("org_types", org),
            ("given_names", given),
            ("abbreviations", abbreviations),
            ("stopwords", stopwords),
            ("arabic_names", arabic),
            ("chinese_words", chinese),
        ] {
            match loaded {
                Ok(n) => assert!(n > 0, "{name} is empty"),
                Err(e) => panic!("{e}"),
            }
        }
    }

    /// A wrong value in a data file is an error naming the file, the line and the column.
    #[test]
    fn a_malformed_table_names_its_line_and_column() {
        use super::{
            abbreviations, arabic_names, chinese_words, given_names, legal_forms, org_types,
            stopwords,
        };
        let origin = "bad.csv";
        let errors = [
            (
                legal_forms::read("pattern,canonical,class,strong\nooo,llc,llc,true\n", origin)
                    .map(|t| t.len()),
                "class",
            ),
            (
                org_types::read(
                    "type,short,family,written,form\nkb,kb,design_bureau,both,kb\n",
                    origin,
                )
                .map(|t| t.len()),
                "written",
            ),
            (
                given_names::read("class,strength,form\nivan,strong,Ivan\n", origin)
                    .map(|t| t.len()),
                "strength",
            ),
            (
                abbreviations::read(
                    "canonical,form,alternative,marks_org\ngroup,grp,,yes\n",
                    origin,
                )
                .map(|t| t.len()),
                "marks_org",
            ),
            (
                stopwords::read("word,organization,person\nof,true,\n", origin).map(|t| t.len()),
                "person",
            ),
            (
                arabic_names::read("canonical,spelling\nmuhammad,\n", origin).map(|t| t.len()),
                "spelling",
            ),
            (
                chinese_words::read("word,kind,latin,class\n有限公司,legal,ltd,ltd\n", origin)
                    .map(|t| t.len()),
                "class",
            ),
        ];
        for (loaded, column) in errors {
            match loaded {
                Ok(_) => panic!("a wrong `{column}` was read"),
                Err(e) => assert!(
                    e.to_string()
                        .starts_with(&format!("bad.csv, line 2, column `{column}`")),
                    "{e}"
                ),
            }
        }
    }
}
