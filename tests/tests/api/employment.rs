//! The two facts that decide which office is competent, asked plainly: how the worker works
//! (`employment_mode`) and the employer's unified social credit code (`employer_credit_code`).
//! Filed through the API and the form without JavaScript, refused with a message in the worker's
//! language, and read back by staff through the case API and the console.

use crate::pages::{complete, pairs};
use intake::store::entity::complaint;
use intake_tests::browser::Browser;
use intake_tests::staff::{account, get};
use intake_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// A real code (python-stdnum's test list of codes found online).
const CODE: &str = "91110000600037341L";

fn with(fields: &[(&str, Value)]) -> Value {
    let mut body = valid_complaint();
    if let Some(map) = body.as_object_mut() {
        for (name, value) in fields {
            map.insert((*name).to_owned(), value.clone());
        }
    }
    body
}

async fn filed(app: &TestApp, body: &Value) -> String {
    let r = app.file(body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["reference"].as_str().unwrap_or_default().to_owned()
}

async fn stored(app: &TestApp, reference: &str) -> (Option<String>, Option<String>) {
    let row = complaint::Entity::find()
        .filter(complaint::Column::Reference.eq(reference))
        .one(&app.state.db)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{reference} is not stored"));
    (row.employment_mode, row.employer_credit_code)
}

/// The single field error of a refused complaint: (field, code, message).
fn the_error(response: &Response) -> (String, String, String) {
    assert_eq!(response.status, 422, "{}", response.text);
    assert_eq!(response.body["code"], "validation", "{}", response.text);
    let errors = response.body["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 1, "{}", response.text);
    let text = |name: &str| errors[0][name].as_str().unwrap_or_default().to_owned();
    (text("field"), text("code"), text("message"))
}

async fn both_facts_are_stored_and_staff_read_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let reference =
        filed(&app, &with(&[("employment_mode", json!("crowdsourced")), ("employer_credit_code", json!(CODE))])).await;
    assert_eq!(stored(&app, &reference).await, (Some("crowdsourced".to_owned()), Some(CODE.to_owned())));

    let admin = account(&app, "admin@example.org", "admin", None).await;
    let case = get(&app, &format!("/api/v1/cases/{reference}"), Some(&admin)).await;
    assert_eq!(case.status, 200, "{}", case.text);
    assert_eq!(
        (&case.body["employment_mode"], &case.body["employer_credit_code"]),
        (&json!("crowdsourced"), &json!(CODE))
    );

    // The console names the mode in the officer's language and shows the code.
    let mut console = Browser::sign_in(&app, "admin@example.org").await;
    let page = console.get(&format!("/console/cases/{reference}")).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert_eq!(
        (page.text_of("employment-mode"), page.text_of("employer-credit-code")),
        ("众包".to_owned(), CODE.to_owned())
    );
    console.language = Some("en");
    let page = console.get(&format!("/console/cases/{reference}")).await;
    assert!(page.text_of("employment-mode").starts_with("Crowdsourced"), "{}", page.text_of("employment-mode"));

    // Both are optional: without them, and with them blank, nothing is stored and staff see null.
    let plain = filed(&app, &valid_complaint()).await;
    let blank = filed(&app, &with(&[("employment_mode", json!("")), ("employer_credit_code", json!("  "))])).await;
    for reference in [plain, blank] {
        assert_eq!(stored(&app, &reference).await, (None, None));
        let case = get(&app, &format!("/api/v1/cases/{reference}"), Some(&admin)).await;
        assert!(case.body["employment_mode"].is_null() && case.body["employer_credit_code"].is_null(), "{}", case.text);
    }
    // Every mode is taken.
    for mode in ["dedicated", "crowdsourced", "courier_outlet", "ride_hailing", "other"] {
        let reference = filed(&app, &with(&[("employment_mode", json!(mode))])).await;
        assert_eq!(stored(&app, &reference).await.0.as_deref(), Some(mode));
    }
}
db_test!(both_facts_are_stored_and_staff_read_them, both_facts_are_stored_and_staff_read_them);

async fn a_wrong_code_is_refused_with_a_message_in_the_workers_language(backend: Backend) {
    let app = spawn_app(backend).await;
    // The last character does not match (L is right), a forbidden letter (O), the wrong length.
    for wrong in ["91110000600037341N", "9111000060003734OL", "91110000600037341", "not a code"] {
        let body = with(&[("employer_credit_code", json!(wrong))]);
        let zh = the_error(&app.file(&body).await);
        assert_eq!((zh.0.as_str(), zh.1.as_str()), ("employer_credit_code", "credit_code_invalid"), "{wrong}");
        assert!(zh.2.contains("18 位数字和字母") && zh.2.contains("营业执照"), "{}", zh.2);
        let en = the_error(&app.post_json_with("/api/v1/complaints", &body, &[("Accept-Language", "en")]).await);
        assert_eq!((en.0.as_str(), en.1.as_str()), ("employer_credit_code", "credit_code_invalid"));
        assert!(en.2.contains("18 digits and letters") && en.2.contains("business licence"), "{}", en.2);
    }
    assert_eq!(app.total_complaints().await, 0, "nothing refused is stored");
}
db_test!(
    a_wrong_code_is_refused_with_a_message_in_the_workers_language,
    a_wrong_code_is_refused_with_a_message_in_the_workers_language
);

async fn an_unknown_mode_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for unknown in ["full_time", "众包", "Crowdsourced"] {
        let body = with(&[("employment_mode", json!(unknown))]);
        let zh = the_error(&app.file(&body).await);
        assert_eq!((zh.0.as_str(), zh.1.as_str()), ("employment_mode", "employment_mode_unknown"), "{unknown}");
        assert!(zh.2.contains("请从列表里选一种"), "{}", zh.2);
        let en = the_error(&app.post_json_with("/api/v1/complaints", &body, &[("Accept-Language", "en")]).await);
        assert!(en.2.contains("Choose one from the list"), "{}", en.2);
    }
    // Reported together with the other errors, in the order of the form.
    let body = with(&[
        ("employment_mode", json!("boss")),
        ("employer_credit_code", json!("123")),
        ("platform", json!("美".repeat(101))),
    ]);
    let r = app.file(&body).await;
    assert_eq!(r.status, 422);
    let fields: Vec<String> = r.field_errors().into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["platform", "employment_mode", "employer_credit_code"]);
    assert_eq!(app.total_complaints().await, 0);
}
db_test!(an_unknown_mode_is_refused, an_unknown_mode_is_refused);

async fn a_code_typed_in_lower_case_or_full_width_is_stored_in_upper_case(backend: Backend) {
    let app = spawn_app(backend).await;
    for typed in
        ["91110000600037341l", "９１１１００００６０００３７３４１Ｌ", " ９１３１０１１５ｍａ１ｋ３ｂｔｐ２ｂ\u{3000}"]
    {
        let reference = filed(&app, &with(&[("employer_credit_code", json!(typed))])).await;
        let expected = if typed.contains('ｍ') { "91310115MA1K3BTP2B" } else { CODE };
        assert_eq!(stored(&app, &reference).await.1.as_deref(), Some(expected), "{typed}");
    }
}
db_test!(
    a_code_typed_in_lower_case_or_full_width_is_stored_in_upper_case,
    a_code_typed_in_lower_case_or_full_width_is_stored_in_upper_case
);

async fn the_form_without_javascript_explains_a_wrong_code_beside_it_and_keeps_the_values(backend: Backend) {
    let app = spawn_app(backend).await;
    for (language, message) in [(None, "18 位数字和字母"), (Some("en"), "18 digits and letters")] {
        let before = app.total_complaints().await;
        let mut browser = Browser::new(&app);
        browser.language = language;
        let form = browser.get("/").await;
        assert!(form.html.contains("id=\"employment_mode\"") && form.html.contains("id=\"employer_credit_code\""));
        let csrf = form.input("csrf");
        let mut fields = complete(&form, &csrf);
        fields.extend([
            ("employer", "琅琊区某配送站".to_owned()),
            ("employment_mode", "dedicated".to_owned()),
            ("employer_credit_code", "91110000600037341n".to_owned()),
        ]);
        let page = browser.post("/", &pairs(&fields)).await;
        assert_eq!(page.status, 422, "{}", page.html);
        assert!(page.text_of("error-summary").contains(message), "{}", page.text_of("error-summary"));
        assert!(page.html.contains("href=\"#employer_credit_code\""), "the summary links to the field");
        assert!(page.text_of("employer_credit_code-error").contains(message), "the message is beside the field");
        assert_eq!(page.input("employer_credit_code"), "91110000600037341n", "what was typed stays");
        assert_eq!(page.input("employer"), "琅琊区某配送站");
        assert!(page.html.contains("<option value=\"dedicated\" selected>"), "the mode stays chosen");
        assert_eq!(app.total_complaints().await, before, "nothing is filed");

        // Corrected, it files, and the code is kept in upper case.
        let mut fields = complete(&page, &page.input("csrf"));
        fields.extend([
            ("employment_mode", "dedicated".to_owned()),
            ("employer_credit_code", "91110000600037341l".to_owned()),
        ]);
        let filed = browser.post("/", &pairs(&fields)).await;
        assert_eq!(filed.status, 200, "{}", filed.html);
        let reference = filed.text_of("reference");
        assert_eq!(stored(&app, &reference).await, (Some("dedicated".to_owned()), Some(CODE.to_owned())));
        assert_eq!(app.total_complaints().await, before + 1);
    }
}
db_test!(
    the_form_without_javascript_explains_a_wrong_code_beside_it_and_keeps_the_values,
    the_form_without_javascript_explains_a_wrong_code_beside_it_and_keeps_the_values
);
