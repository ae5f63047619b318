//! What the documents section of the case page offers the signed-in officer: the kinds of document
//! their office records and drafts, and the union's referral. Apart from the section's actions,
//! which re-render the case page that shows this panel.

use crate::http::pages::Page;
use crate::service::case::access::Access;
use crate::service::document::{self, DocumentKind};
use crate::service::staff::auth::Caller;
use crate::service::{AppState, ServiceError};

/// What the documents section offers the signed-in officer on this case.
#[derive(Clone, Debug, Default)]
pub struct DocumentsPanel {
    /// The kinds the officer may record here: (code, name).
    pub record: Vec<(String, String)>,
    /// The kinds the officer's office drafts: (code, name).
    pub drafts: Vec<(String, String)>,
    /// A union officer on a case the union handles may refer it to the procuratorate.
    pub may_refer: bool,
}

/// The panel for the caller; empty for offices that issue no documents, and for administrators.
pub async fn panel(
    state: &AppState,
    caller: &Caller,
    access: Access,
    page: &Page,
) -> Result<DocumentsPanel, ServiceError> {
    let Some(id) = caller.office_id else { return Ok(DocumentsPanel::default()) };
    let office = crate::store::directory::offices_by_ids(&state.db, &[id]).await?.into_iter().next();
    let Some(office) = office else { return Ok(DocumentsPanel::default()) };
    let named = |k: DocumentKind| (k.as_str().to_owned(), page.t(&format!("doc-kind-{}", k.as_str())));
    let kinds = DocumentKind::issued_by(office.kind);
    Ok(DocumentsPanel {
        record: kinds.iter().copied().filter(|k| document::may_record(office.kind, access, *k)).map(named).collect(),
        drafts: kinds.into_iter().map(named).collect(),
        may_refer: office.kind == crate::domain::office::OfficeKind::TradeUnion && access == Access::Act,
    })
}
