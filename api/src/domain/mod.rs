//! Pure types and rules: no I/O here. Parsers turn untrusted text into values that are valid by
//! construction, so the rest of the service never re-checks them.

pub mod amount;
pub mod client_address;
pub mod competence;
pub mod credit_code;
pub mod deadline;
pub mod employment_mode;
pub mod evidence;
pub mod field_error;
pub mod id_number;
pub mod language;
pub mod names;
pub mod office;
pub mod pdf;
pub mod phone;
pub mod reference;
pub mod region;
pub mod role;
pub mod routing;
pub mod status;
pub mod tags;
pub mod text;
