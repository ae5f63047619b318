//! "One letter, two documents": a trade union records its documents on a case it handles and
//! refers the case to the province's procuratorate, which then reads the case and the documents;
//! the worker sees neither, and other offices may not record a union's document.

use intake::store::entity::{audit_entry, outbox_message};
use intake_tests::browser::Browser;
use intake_tests::staff::{account, get, post};
use intake_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

async fn a_union_documents_and_refers_a_case(backend: Backend) {
    let app = spawn_app(backend).await;
    let union = account(&app, "union@example.org", "officer", Some("341102-trade-union")).await;
    let procurator = account(&app, "procurator@example.org", "officer", Some("341102-procuratorate")).await;
    let inspector = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let mut body = valid_complaint();
    body["category"] = json!("algorithm_penalties");
    let filed = app.file(&body).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let case_path = format!("/api/v1/cases/{reference}");

    // Before the referral the procuratorate does not see the case.
    assert_eq!(get(&app, &case_path, Some(&procurator)).await.status, 404);

    // The union records an opinion through the API.
    let opinion = json!({"kind": "opinion", "issued_on": "2026-06-10", "addressee": "琅琊区某配送站",
        "summary": "要求停止以算法超时为由扣减配送费。"});
    let recorded = post(&app, &format!("{case_path}/documents"), Some(&union), &opinion).await;
    assert_eq!(recorded.status, 201, "{}", recorded.text);
    assert_eq!(recorded.body["kind"], "opinion");
    let bad = post(
        &app,
        &format!("{case_path}/documents"),
        Some(&union),
        &json!({"kind": "memo", "issued_on": "x",
        "addressee": "", "summary": ""}),
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    let suggestion = json!({"kind": "procuratorial_suggestion", "issued_on": "2026-06-10", "addressee": "某平台",
        "summary": "建议"});
    let wrong_kind = post(&app, &format!("{case_path}/documents"), Some(&union), &suggestion).await;
    assert_eq!(wrong_kind.status, 403, "a union issues no procuratorial suggestion");

    // A labour-inspection officer may not record a union document (on a case their office handles).
    let mut wages = valid_complaint();
    wages["category"] = json!("wage_arrears");
    let other = app.file(&wages).await.body["reference"].as_str().unwrap_or_default().to_owned();
    let refused = post(&app, &format!("/api/v1/cases/{other}/documents"), Some(&inspector), &opinion).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    let refused = post(&app, &format!("/api/v1/cases/{other}/referral"), Some(&inspector), &json!({})).await;
    assert_eq!(refused.status, 403, "{}", refused.text);

    // The union refers the case from the console: a CSRF-protected form.
    let mut officer = Browser::sign_in(&app, "union@example.org").await;
    let page = officer.get(&format!("/console/cases/{reference}")).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.text_of("documents").contains("要求停止以算法超时为由扣减配送费"));
    assert!(page.html.contains("id=\"referral-form\"") && page.html.contains("id=\"document-form\""));
    let csrf = page.input("csrf");
    let forged = officer.post(&format!("/console/cases/{reference}/referral"), &[("csrf", "nope")]).await;
    assert_eq!(forged.status, 403);
    let referred = officer.post(&format!("/console/cases/{reference}/referral"), &[("csrf", &csrf)]).await;
    assert_eq!(
        (referred.status, referred.header("location")),
        (303, format!("/console/cases/{reference}?done=referral").as_str()),
        "{}",
        referred.html
    );
    let again = post(&app, &format!("{case_path}/referral"), Some(&union), &json!({})).await;
    assert_eq!(again.status, 409, "{}", again.text);
    let reminder = officer
        .post(
            &format!("/console/cases/{reference}/documents"),
            &[
                ("csrf", &csrf),
                ("kind", "reminder_letter"),
                ("issued_on", "2026-06-01"),
                ("addressee", "某平台"),
                ("summary", "提示平台规范算法规则。"),
            ],
        )
        .await;
    assert_eq!(
        (reminder.status, reminder.header("location")),
        (303, format!("/console/cases/{reference}?done=document").as_str()),
        "{}",
        reminder.html
    );

    // The procuratorate now reads the case, the union's documents and the timeline.
    let seen = get(&app, &case_path, Some(&procurator)).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    assert_eq!(seen.body["access"], "read");
    let kinds: Vec<&str> =
        seen.body["documents"].as_array().into_iter().flatten().filter_map(|d| d["kind"].as_str()).collect();
    assert_eq!(kinds, vec!["reminder_letter", "opinion"]);
    let events: Vec<(String, bool)> = seen.body["timeline"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e["kind"].as_str().unwrap_or_default().to_owned(), e["visible_to_worker"].as_bool().unwrap_or(true)))
        .collect();
    assert!(events.contains(&("document_recorded".into(), false)), "{events:?}");
    assert!(events.contains(&("referred_to_procuratorate".into(), false)), "{events:?}");
    let listed = get(&app, &format!("{case_path}/documents"), Some(&procurator)).await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(2));
    let mut prosecutor = Browser::sign_in(&app, "procurator@example.org").await;
    let page = prosecutor.get(&format!("/console/cases/{reference}")).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.text_of("documents").contains("意见书") && page.text_of("documents").contains("提示函"));
    assert!(page.text_of("timeline").contains("移送检察院"));
    assert!(!page.html.contains("id=\"referral-form\""), "only a union refers");
    assert!(page.html.contains("id=\"document-form\""), "a procuratorate records its suggestion on a case it sees");
    let suggested = post(&app, &format!("{case_path}/documents"), Some(&procurator), &suggestion).await;
    assert_eq!(suggested.status, 201, "{}", suggested.text);

    // Audited, and the procuratorate was told by email, without the worker's identity.
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.is_in(["document_recorded", "referred_to_procuratorate"]))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(audited.len(), 4);
    let mails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("referred_to_procuratorate"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(
        mails.iter().map(|m| m.to_address.as_str()).collect::<Vec<_>>(),
        vec!["procuratorate.341102@example.org"]
    );
    assert!(mails[0].body_text.contains(&format!("/console/cases/{reference}")));
    for secret in ["王师傅", "13800138000", "wang@example.com"] {
        assert!(!mails[0].body_text.contains(secret) && !mails[0].body_html.contains(secret), "{secret}");
    }

    // The worker sees neither the documents nor the referral.
    let tracked = app.track(&reference, &code).await;
    assert_eq!(tracked.status, 200, "{}", tracked.text);
    for hidden in ["document", "referred", "procuratorate", "意见书", "检察院", "配送费"] {
        assert!(!tracked.text.contains(hidden), "{hidden}: {}", tracked.text);
    }
    let mut worker = Browser::new(&app);
    let csrf = worker.get("/track").await.input("csrf");
    let page = worker.post("/track", &[("csrf", &csrf), ("reference", &reference), ("receipt_code", &code)]).await;
    assert_eq!(page.status, 200, "{}", page.html);
    for hidden in ["意见书", "提示函", "移送", "检察院", "登记文书"] {
        assert!(!page.html.contains(hidden), "{hidden}");
    }
}
db_test!(a_union_documents_and_refers_a_case, a_union_documents_and_refers_a_case);

async fn a_draft_is_filled_from_the_case(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "union@example.org", "officer", Some("341102-trade-union")).await;
    let mut body = valid_complaint();
    body["category"] = json!("algorithm_penalties");
    let reference = app.file(&body).await.body["reference"].as_str().unwrap_or_default().to_owned();
    let mut officer = Browser::sign_in(&app, "union@example.org").await;
    let path = format!("/console/cases/{reference}/documents/draft");
    let draft = officer.get(&format!("{path}?kind=opinion")).await;
    assert_eq!(draft.status, 200, "{}", draft.html);
    let text = draft.text_of("draft");
    assert!(text.contains(&reference) && text.contains("意见书") && text.contains("琅琊区某配送站"), "{text}");
    assert!(text.contains("滁州市琅琊区总工会") && text.contains("法律依据"), "{text}");
    for secret in ["王师傅", "13800138000", "wang@example.com"] {
        assert!(!draft.html.contains(secret), "{secret}");
    }
    assert_eq!(officer.get(&format!("{path}?kind=procuratorial_suggestion")).await.status, 403);
    assert_eq!(officer.get(&format!("{path}?kind=memo")).await.status, 404);
}
db_test!(a_draft_is_filled_from_the_case, a_draft_is_filled_from_the_case);
