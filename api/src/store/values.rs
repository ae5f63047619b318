//! Domain types stored as text columns: the store reads and writes them as the domain values they
//! are, and a stored text that does not parse is an error of the query (logged, a 500), never a
//! silent default.

use crate::domain::deadline::{Basis, DayKind, ResultFrom, TermUnit};
use crate::domain::office::OfficeKind;
use crate::domain::region::RegionLevel;
use crate::domain::role::StaffRole;
use crate::domain::routing::Role;
use crate::domain::status::Status;
use std::sync::Arc;

/// A stored text that is not a value of its type.
#[derive(Debug, thiserror::Error)]
#[error("the stored {kind} {text:?} is not one the service knows")]
pub struct Unparsable {
    kind: &'static str,
    text: String,
}

macro_rules! stored_as_text {
    ($ty:ty, $name:literal) => {
        impl From<$ty> for sea_orm::Value {
            fn from(value: $ty) -> Self {
                value.as_str().to_owned().into()
            }
        }

        impl sea_orm::TryGetable for $ty {
            fn try_get_by<I: sea_orm::ColIdx>(
                res: &sea_orm::QueryResult,
                idx: I,
            ) -> Result<Self, sea_orm::TryGetError> {
                let text = String::try_get_by(res, idx)?;
                <$ty>::parse(&text).ok_or_else(|| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::TryIntoErr {
                        from: "String",
                        into: $name,
                        source: Arc::new(Unparsable { kind: $name, text }),
                    })
                })
            }
        }

        impl sea_orm::sea_query::ValueType for $ty {
            fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                let text = <String as sea_orm::sea_query::ValueType>::try_from(value)?;
                <$ty>::parse(&text).ok_or(sea_orm::sea_query::ValueTypeErr)
            }

            fn type_name() -> String {
                $name.to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::String(sea_orm::sea_query::StringLen::None)
            }
        }

        impl sea_orm::sea_query::Nullable for $ty {
            fn null() -> sea_orm::Value {
                sea_orm::Value::String(None)
            }
        }

        // Only for key columns (an office kind keys its deadlines): never an auto-incremented id.
        impl sea_orm::TryFromU64 for $ty {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64($name))
            }
        }

        impl sea_orm::IntoActiveValue<$ty> for $ty {
            fn into_active_value(self) -> sea_orm::ActiveValue<$ty> {
                sea_orm::ActiveValue::Set(self)
            }
        }
    };
}

stored_as_text!(Status, "Status");
stored_as_text!(Role, "Role");
stored_as_text!(StaffRole, "StaffRole");
stored_as_text!(OfficeKind, "OfficeKind");
stored_as_text!(RegionLevel, "RegionLevel");
stored_as_text!(TermUnit, "TermUnit");
stored_as_text!(Basis, "Basis");
stored_as_text!(ResultFrom, "ResultFrom");
stored_as_text!(DayKind, "DayKind");
