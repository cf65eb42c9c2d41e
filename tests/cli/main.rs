//! The integration tests, as one binary (one link instead of one per file): each module runs
//! the built `sunshine` or the library the way a user or a caller does.

mod common;

mod across_years;
mod architecture;
mod as_published;
mod build_site;
mod charts;
mod check_errors;
mod check_warnings;
mod citable;
mod clerk_import;
mod corrections;
mod dates;
mod diagnostics;
mod disclosure;
mod edit;
mod enforcement;
mod generated_paths;
mod hostile;
mod incremental;
mod model_figures;
mod output_guard;
mod privacy;
mod programs_form;
mod proptest_data;
mod publish;
mod record;
mod releases;
mod school_contact;
mod serve;
mod usage;
mod vocabulary;
mod workbench;
mod workbench_records;
mod workflow;
