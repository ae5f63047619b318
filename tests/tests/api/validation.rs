//! The rules of `POST /api/v1/complaints`, checked against the running server.
//!
//! Table-driven: every case is a mutation of `valid_complaint()` (or of `anonymous_complaint()`)
//! and either a 201 or a 422 `application/problem+json` validation problem naming exactly the
//! expected `(field, code)` pairs. The tables cover every field rule with valid and invalid
//! values, anonymity and contact, both consents, several errors reported together in form order,
//! zh-CN and English messages, and that a refused complaint stores nothing: after each table the
//! database holds exactly as many complaints as there were 201s.

use intake_tests::*;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Table machinery
// ---------------------------------------------------------------------------------------------

type Mutation = Box<dyn Fn(&mut Value) + Send + Sync>;

enum Expect {
    Created,
    /// The exact `(field, code)` pairs of the problem, in any order.
    Refused(Vec<(&'static str, &'static str)>),
}

struct Case {
    name: &'static str,
    mutate: Mutation,
    expect: Expect,
}

fn accepted(name: &'static str, mutate: Mutation) -> Case {
    Case { name, mutate, expect: Expect::Created }
}

fn refused(name: &'static str, mutate: Mutation, field: &'static str, code: &'static str) -> Case {
    Case { name, mutate, expect: Expect::Refused(vec![(field, code)]) }
}

fn refused_all(name: &'static str, mutate: Mutation, errors: &[(&'static str, &'static str)]) -> Case {
    Case { name, mutate, expect: Expect::Refused(errors.to_vec()) }
}

/// Splits a JSON pointer into its parent pointer and last key: `/contact/phone` → (`/contact`, `phone`).
fn split(pointer: &str) -> (&str, &str) {
    match pointer.rsplit_once('/') {
        Some((parent, key)) => (parent, key),
        None => panic!("{pointer:?} is not a JSON pointer"),
    }
}

fn parent_object<'a>(body: &'a mut Value, parent: &str) -> &'a mut serde_json::Map<String, Value> {
    body.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("the test body has no object at {parent:?}"))
}

fn set_at(body: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = split(pointer);
    parent_object(body, parent).insert(key.to_owned(), value);
}

fn remove_at(body: &mut Value, pointer: &str) {
    let (parent, key) = split(pointer);
    parent_object(body, parent).remove(key);
}

/// Sets the value at a JSON pointer (`/contact/phone`) of the body.
fn set(pointer: &'static str, value: Value) -> Mutation {
    Box::new(move |body| set_at(body, pointer, value.clone()))
}

/// Removes the member at a JSON pointer of the body.
fn remove(pointer: &'static str) -> Mutation {
    Box::new(move |body| remove_at(body, pointer))
}

fn unchanged() -> Mutation {
    Box::new(|_| {})
}

/// Starts from `anonymous_complaint()` instead, then applies `then`.
fn anonymous_then(then: Mutation) -> Mutation {
    Box::new(move |body| {
        *body = anonymous_complaint();
        then(body);
    })
}

fn both(first: Mutation, second: Mutation) -> Mutation {
    Box::new(move |body| {
        first(body);
        second(body);
    })
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// What is wrong with a validation problem answer, if anything: status, content type, code and
/// exactly the expected field errors, each with a message.
fn problem_mismatches(response: &Response, expected: &[(&str, &str)]) -> Vec<String> {
    let mut wrong = Vec::new();
    if response.status != 422 {
        wrong.push(format!("status {} instead of 422", response.status));
    }
    let content_type = response.header("content-type").unwrap_or("");
    if !content_type.starts_with("application/problem+json") {
        wrong.push(format!("content type {content_type:?} instead of application/problem+json"));
    }
    if response.body["code"] != "validation" {
        wrong.push(format!("problem code {} instead of \"validation\"", response.body["code"]));
    }
    if response.body["status"] != 422 {
        wrong.push(format!("problem status member {} instead of 422", response.body["status"]));
    }
    let got = response.field_errors();
    for (field, code) in expected {
        if !got.iter().any(|(f, c)| f == field && c == code) {
            wrong.push(format!("({field}, {code}) is missing from the errors {got:?}"));
        }
    }
    if got.len() != expected.len() {
        wrong.push(format!("expected only {expected:?}, the errors are {got:?}"));
    }
    for error in response.body["errors"].as_array().into_iter().flatten() {
        if error["message"].as_str().is_none_or(|m| m.trim().is_empty()) {
            wrong.push(format!("error without a message: {error}"));
        }
    }
    wrong
}

/// Runs a table on one fresh server, reporting every failing case at once, then checks that the
/// database holds exactly the accepted complaints.
async fn run_table(backend: Backend, table: &str, cases: Vec<Case>) {
    let app = spawn_app(backend).await;
    let mut failures = Vec::new();
    let mut created = 0u64;
    for case in &cases {
        let mut body = valid_complaint();
        (case.mutate)(&mut body);
        let response = app.file(&body).await;
        let wrong = match &case.expect {
            Expect::Created => {
                if response.status == 201 {
                    created += 1;
                    if response.body["reference"].as_str().is_none_or(str::is_empty) {
                        vec!["201 without a reference".to_owned()]
                    } else {
                        Vec::new()
                    }
                } else {
                    vec![format!("status {} instead of 201", response.status)]
                }
            }
            Expect::Refused(expected) => {
                if response.status == 201 {
                    created += 1;
                }
                problem_mismatches(&response, expected)
            }
        };
        if !wrong.is_empty() {
            failures.push(format!(
                "- {}: {}\n    body sent: {body}\n    answer: {} {}",
                case.name,
                wrong.join("; "),
                response.status,
                response.text
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{table} ({backend:?}): {} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert_eq!(
        app.total_complaints().await,
        created,
        "{table} ({backend:?}): a refused complaint was stored (the database must hold only the {created} accepted ones)"
    );
}

// ---------------------------------------------------------------------------------------------
// 1. Field rules
// ---------------------------------------------------------------------------------------------

async fn category_region_and_text_rules(backend: Backend) {
    let cases = vec![
        accepted("the valid complaint as it is", unchanged()),
        // category
        accepted("another known category", set("/category", json!("other"))),
        refused("an unknown category", set("/category", json!("no_such_category")), "category", "category_unknown"),
        refused("no category", remove("/category"), "category", "required"),
        refused("an empty category", set("/category", json!("")), "category", "required"),
        refused("a category of only spaces", set("/category", json!("   ")), "category", "required"),
        // region_code
        accepted("a city-level code", set("/region_code", json!("3411"))),
        accepted("a zero-padded city code (341100 = 3411)", set("/region_code", json!("341100"))),
        accepted("another county of the city", set("/region_code", json!("341181"))),
        refused("a malformed code", set("/region_code", json!("34a1")), "region_code", "region_invalid"),
        refused("a code of 5 digits", set("/region_code", json!("34110")), "region_code", "region_invalid"),
        refused(
            "a well-formed code that does not exist",
            set("/region_code", json!("349999")),
            "region_code",
            "region_unknown",
        ),
        refused("a province code", set("/region_code", json!("34")), "region_code", "region_too_broad"),
        refused("a zero-padded province code", set("/region_code", json!("340000")), "region_code", "region_too_broad"),
        refused("no region code", remove("/region_code"), "region_code", "required"),
        refused("a region code sent as a number", set("/region_code", json!(341102)), "region_code", "invalid_type"),
        // description
        accepted("a description of exactly 10 characters", set("/description", json!("一二三四五六七八九十"))),
        accepted("10 characters with surrounding spaces", set("/description", json!("   一二三四五六七八九十   "))),
        accepted("a description of exactly 5,000 characters", set("/description", json!("欠".repeat(5_000)))),
        refused(
            "a description of 9 characters",
            set("/description", json!("一二三四五六七八九")),
            "description",
            "too_short",
        ),
        refused(
            "9 characters padded to 15 with spaces",
            set("/description", json!("   一二三四五六七八九   ")),
            "description",
            "too_short",
        ),
        refused(
            "a description of 5,001 characters",
            set("/description", json!("欠".repeat(5_001))),
            "description",
            "too_long",
        ),
        refused("a description of only whitespace", set("/description", json!("   \n\t  ")), "description", "required"),
        refused("an empty description", set("/description", json!("")), "description", "required"),
        refused("no description", remove("/description"), "description", "required"),
        // platform
        accepted("a platform of 100 characters", set("/platform", json!("美".repeat(100)))),
        accepted("no platform", remove("/platform")),
        accepted("an empty platform (same as none)", set("/platform", json!(""))),
        refused("a platform of 101 characters", set("/platform", json!("美".repeat(101))), "platform", "too_long"),
        // employer
        accepted("an employer of 200 characters", set("/employer", json!("站".repeat(200)))),
        accepted("no employer", remove("/employer")),
        refused("an employer of 201 characters", set("/employer", json!("站".repeat(201))), "employer", "too_long"),
    ];
    run_table(backend, "category, region and text rules", cases).await;
}
db_test!(category_region_and_text_rules, category_region_and_text_rules);

async fn date_amount_and_count_rules(backend: Backend) {
    let cases = vec![
        // occurred_on (the server's today is 2026-06-15 in China)
        accepted("today in China", set("/occurred_on", json!("2026-06-15"))),
        accepted("the earliest date, 2000-01-01", set("/occurred_on", json!("2000-01-01"))),
        accepted("no date", remove("/occurred_on")),
        accepted("an empty date (same as none)", set("/occurred_on", json!(""))),
        refused("tomorrow", set("/occurred_on", json!("2026-06-16")), "occurred_on", "date_in_future"),
        refused("next year", set("/occurred_on", json!("2027-01-01")), "occurred_on", "date_in_future"),
        refused("the day before 2000-01-01", set("/occurred_on", json!("1999-12-31")), "occurred_on", "date_too_early"),
        refused("a date without zero padding", set("/occurred_on", json!("2026-5-1")), "occurred_on", "date_invalid"),
        refused("a day that does not exist", set("/occurred_on", json!("2026-02-30")), "occurred_on", "date_invalid"),
        refused("a date in another format", set("/occurred_on", json!("31/05/2026")), "occurred_on", "date_invalid"),
        refused("words instead of a date", set("/occurred_on", json!("上个月")), "occurred_on", "date_invalid"),
        // amount_owed
        accepted("a zero amount", set("/amount_owed", json!("0"))),
        accepted("a whole amount", set("/amount_owed", json!("3500"))),
        accepted("one decimal", set("/amount_owed", json!("3500.5"))),
        accepted("two decimals", set("/amount_owed", json!("0.99"))),
        accepted("exactly 100000000", set("/amount_owed", json!("100000000"))),
        accepted("exactly 100000000.00", set("/amount_owed", json!("100000000.00"))),
        accepted("an amount sent as a JSON number", set("/amount_owed", json!(3500))),
        accepted("no amount", remove("/amount_owed")),
        refused("three decimals", set("/amount_owed", json!("12.345")), "amount_owed", "amount_too_many_decimals"),
        refused(
            "three decimals as a JSON number",
            set("/amount_owed", json!(12.345)),
            "amount_owed",
            "amount_too_many_decimals",
        ),
        refused("a negative amount", set("/amount_owed", json!("-1")), "amount_owed", "amount_negative"),
        refused("a negative amount in fen", set("/amount_owed", json!("-0.01")), "amount_owed", "amount_negative"),
        refused("a negative JSON number", set("/amount_owed", json!(-5)), "amount_owed", "amount_negative"),
        refused(
            "one fen over the maximum",
            set("/amount_owed", json!("100000000.01")),
            "amount_owed",
            "amount_too_large",
        ),
        refused("a billion", set("/amount_owed", json!("1000000000")), "amount_owed", "amount_too_large"),
        refused("words instead of an amount", set("/amount_owed", json!("三千五")), "amount_owed", "amount_invalid"),
        refused("thousands separators", set("/amount_owed", json!("3,500")), "amount_owed", "amount_invalid"),
        refused("a currency sign", set("/amount_owed", json!("¥3500")), "amount_owed", "amount_invalid"),
        // affected_workers
        accepted("one worker", set("/affected_workers", json!(1))),
        accepted("100000 workers", set("/affected_workers", json!(100_000))),
        accepted("no count", remove("/affected_workers")),
        refused("zero workers", set("/affected_workers", json!(0)), "affected_workers", "out_of_range"),
        refused("a negative count", set("/affected_workers", json!(-3)), "affected_workers", "out_of_range"),
        refused("100001 workers", set("/affected_workers", json!(100_001)), "affected_workers", "out_of_range"),
        refused("a count in words", set("/affected_workers", json!("ten")), "affected_workers", "invalid_type"),
        refused("a fractional count", set("/affected_workers", json!(2.5)), "affected_workers", "invalid_type"),
    ];
    run_table(backend, "date, amount and count rules", cases).await;
}
db_test!(date_amount_and_count_rules, date_amount_and_count_rules);

async fn tag_language_and_notification_rules(backend: Backend) {
    let cases = vec![
        // tags
        accepted("every known tag", set("/tags", json!(["women", "disability", "minor", "migrant", "injury"]))),
        accepted("no tags (empty list)", set("/tags", json!([]))),
        accepted("no tags member", remove("/tags")),
        refused("an unknown tag", set("/tags", json!(["veteran"])), "tags", "tag_unknown"),
        refused("a known and an unknown tag", set("/tags", json!(["migrant", "veteran"])), "tags", "tag_unknown"),
        refused("a tag string instead of a list", set("/tags", json!("migrant")), "tags", "invalid_type"),
        // language
        accepted("English", set("/language", json!("en"))),
        accepted("Simplified Chinese", set("/language", json!("zh-CN"))),
        accepted("no language", remove("/language")),
        refused("French", set("/language", json!("fr")), "language", "language_unsupported"),
        // notify_by_email
        accepted("email notification with an email", set("/notify_by_email", json!(true))),
        accepted(
            "no email notification and no email",
            both(set("/notify_by_email", json!(false)), remove("/contact/email")),
        ),
        refused(
            "email notification without an email",
            both(set("/notify_by_email", json!(true)), remove("/contact/email")),
            "notify_by_email",
            "notify_requires_email",
        ),
        refused(
            "email notification with an empty email",
            both(set("/notify_by_email", json!(true)), set("/contact/email", json!(""))),
            "notify_by_email",
            "notify_requires_email",
        ),
    ];
    run_table(backend, "tag, language and notification rules", cases).await;
}
db_test!(tag_language_and_notification_rules, tag_language_and_notification_rules);

async fn contact_rules(backend: Backend) {
    let cases = vec![
        // contact.name
        accepted("a one-character name", set("/contact/name", json!("王"))),
        accepted("a name of 50 characters", set("/contact/name", json!("名".repeat(50)))),
        refused("a name of 51 characters", set("/contact/name", json!("名".repeat(51))), "contact.name", "too_long"),
        refused("an empty name", set("/contact/name", json!("")), "contact.name", "required"),
        refused("a name of spaces", set("/contact/name", json!("   ")), "contact.name", "required"),
        refused("no name", remove("/contact/name"), "contact.name", "required"),
        // contact.phone
        accepted("bare 11 digits", set("/contact/phone", json!("13800138000"))),
        accepted("+86 without spaces", set("/contact/phone", json!("+8613800138000"))),
        accepted("+86 with spaces", set("/contact/phone", json!("+86 139 1234 5678"))),
        accepted("dashes", set("/contact/phone", json!("150-1234-5678"))),
        accepted("+86 with dashes", set("/contact/phone", json!("+86-186-1234-5678"))),
        accepted("spaces only", set("/contact/phone", json!("199 1234 5678"))),
        refused("second digit 2", set("/contact/phone", json!("12800138000")), "contact.phone", "phone_invalid"),
        refused("10 digits", set("/contact/phone", json!("1380013800")), "contact.phone", "phone_invalid"),
        refused("12 digits", set("/contact/phone", json!("138001380001")), "contact.phone", "phone_invalid"),
        refused(
            "a Hong Kong prefix",
            set("/contact/phone", json!("+852 138 0013 8000")),
            "contact.phone",
            "phone_invalid",
        ),
        refused("a landline", set("/contact/phone", json!("010-12345678")), "contact.phone", "phone_invalid"),
        refused("letters", set("/contact/phone", json!("138oo138ooo")), "contact.phone", "phone_invalid"),
        refused("no phone", remove("/contact/phone"), "contact.phone", "required"),
        refused(
            "a phone sent as a number",
            set("/contact/phone", json!(13_800_138_000u64)),
            "contact.phone",
            "invalid_type",
        ),
        // contact.email
        accepted("no email", remove("/contact/email")),
        accepted("an empty email (same as none)", set("/contact/email", json!(""))),
        refused(
            "an email without @",
            set("/contact/email", json!("wang.example.com")),
            "contact.email",
            "email_invalid",
        ),
        refused("an email without domain", set("/contact/email", json!("wang@")), "contact.email", "email_invalid"),
        // contact.id_number
        accepted("an ID number ending in X", set("/contact/id_number", json!("11010519491231002X"))),
        accepted("an ID number ending in a digit", set("/contact/id_number", json!("341102199003071233"))),
        accepted("no ID number", remove("/contact/id_number")),
        refused(
            "a wrong check digit",
            set("/contact/id_number", json!("110105194912310021")),
            "contact.id_number",
            "id_number_checksum",
        ),
        refused(
            "16 characters",
            set("/contact/id_number", json!("1101051949123100")),
            "contact.id_number",
            "id_number_invalid",
        ),
        refused(
            "a letter other than X at the end",
            set("/contact/id_number", json!("11010519491231002A")),
            "contact.id_number",
            "id_number_invalid",
        ),
        refused(
            "letters inside",
            set("/contact/id_number", json!("1101051949A231002X")),
            "contact.id_number",
            "id_number_invalid",
        ),
    ];
    run_table(backend, "contact rules", cases).await;
}
db_test!(contact_rules, contact_rules);

// ---------------------------------------------------------------------------------------------
// 2. Anonymity and contact
// ---------------------------------------------------------------------------------------------

async fn anonymity_rules(backend: Backend) {
    let cases = vec![
        accepted("anonymous without contact", anonymous_then(unchanged())),
        accepted("explicitly not anonymous, with contact", set("/anonymous", json!(false))),
        refused("anonymous with contact", set("/anonymous", json!(true)), "contact", "contact_not_allowed"),
        refused(
            "explicitly not anonymous, without contact",
            both(set("/anonymous", json!(false)), remove("/contact")),
            "contact",
            "contact_required",
        ),
        refused("anonymous absent, without contact", remove("/contact"), "contact", "contact_required"),
        refused(
            "anonymous asking for email notification",
            anonymous_then(set("/notify_by_email", json!(true))),
            "notify_by_email",
            "notify_requires_email",
        ),
        refused("anonymous as a string", anonymous_then(set("/anonymous", json!("yes"))), "anonymous", "invalid_type"),
    ];
    run_table(backend, "anonymity rules", cases).await;
}
db_test!(anonymity_rules, anonymity_rules);

// ---------------------------------------------------------------------------------------------
// 3. Consents
// ---------------------------------------------------------------------------------------------

async fn consent_rules(backend: Backend) {
    let cases = vec![
        accepted("both consents given", set("/consent", json!({"processing": true, "forwarding": true}))),
        accepted("both consents given, anonymously", anonymous_then(unchanged())),
        refused("no consent at all", remove("/consent"), "consent", "consent_required"),
        refused(
            "consent to processing refused",
            set("/consent/processing", json!(false)),
            "consent.processing",
            "consent_required",
        ),
        refused(
            "consent to processing missing",
            remove("/consent/processing"),
            "consent.processing",
            "consent_required",
        ),
        refused(
            "consent to forwarding refused",
            set("/consent/forwarding", json!(false)),
            "consent.forwarding",
            "consent_required",
        ),
        refused(
            "consent to forwarding missing",
            remove("/consent/forwarding"),
            "consent.forwarding",
            "consent_required",
        ),
        refused(
            "consent to forwarding refused, anonymously",
            anonymous_then(set("/consent/forwarding", json!(false))),
            "consent.forwarding",
            "consent_required",
        ),
        refused_all(
            "both consents refused",
            set("/consent", json!({"processing": false, "forwarding": false})),
            &[("consent.processing", "consent_required"), ("consent.forwarding", "consent_required")],
        ),
        refused_all(
            "an empty consent object",
            set("/consent", json!({})),
            &[("consent.processing", "consent_required"), ("consent.forwarding", "consent_required")],
        ),
        refused(
            "consent given as a string",
            set("/consent/processing", json!("true")),
            "consent.processing",
            "invalid_type",
        ),
    ];
    run_table(backend, "consent rules", cases).await;
}
db_test!(consent_rules, consent_rules);

// ---------------------------------------------------------------------------------------------
// 4. Several errors in one answer, in form order
// ---------------------------------------------------------------------------------------------

async fn several_errors_are_reported_together_in_form_order(backend: Backend) {
    let app = spawn_app(backend).await;

    // Three mistakes. serde_json sends keys alphabetically (amount_owed first), so the form order
    // of the answer cannot come from the order of the body.
    let mut body = valid_complaint();
    set_at(&mut body, "/contact/phone", json!("12345"));
    set_at(&mut body, "/amount_owed", json!("12.345"));
    set_at(&mut body, "/category", json!("no_such_category"));
    let response = app.file(&body).await;
    let expected = [
        ("category", "category_unknown"),
        ("amount_owed", "amount_too_many_decimals"),
        ("contact.phone", "phone_invalid"),
    ];
    let wrong = problem_mismatches(&response, &expected);
    assert!(wrong.is_empty(), "three mistakes at once: {}\nanswer: {}", wrong.join("; "), response.text);
    let got = response.field_errors();
    let got: Vec<(&str, &str)> = got.iter().map(|(f, c)| (f.as_str(), c.as_str())).collect();
    assert_eq!(got, expected, "the errors must come in form order (category before amount_owed before contact.phone)");

    // Everything wrong at once: one answer lists every field, in the order of the form.
    let everything_wrong = json!({
        "consent": {"processing": false, "forwarding": false},
        "language": "fr",
        "contact": {"name": "", "phone": "12345", "email": "not-an-email", "id_number": "110105194912310021"},
        "tags": ["veteran"],
        "affected_workers": 0,
        "amount_owed": "-5",
        "occurred_on": "2026-06-16",
        "employer": "站".repeat(201),
        "platform": "美".repeat(101),
        "description": "太短",
        "region_code": "34a1",
        "category": "no_such_category"
    });
    let response = app.file(&everything_wrong).await;
    let expected = [
        ("category", "category_unknown"),
        ("region_code", "region_invalid"),
        ("description", "too_short"),
        ("platform", "too_long"),
        ("employer", "too_long"),
        ("occurred_on", "date_in_future"),
        ("amount_owed", "amount_negative"),
        ("affected_workers", "out_of_range"),
        ("tags", "tag_unknown"),
        ("contact.name", "required"),
        ("contact.phone", "phone_invalid"),
        ("contact.email", "email_invalid"),
        ("contact.id_number", "id_number_checksum"),
        ("language", "language_unsupported"),
        ("consent.processing", "consent_required"),
        ("consent.forwarding", "consent_required"),
    ];
    let wrong = problem_mismatches(&response, &expected);
    assert!(wrong.is_empty(), "everything wrong at once: {}\nanswer: {}", wrong.join("; "), response.text);
    let got = response.field_errors();
    let got: Vec<(&str, &str)> = got.iter().map(|(f, c)| (f.as_str(), c.as_str())).collect();
    assert_eq!(got, expected, "every error must be reported, in form order");
    for error in response.body["errors"].as_array().into_iter().flatten() {
        let message = error["message"].as_str().unwrap_or("");
        assert!(
            has_cjk(message) && message != "这一项需要修改。",
            "{} ({}) must have its own Chinese message, got {message:?}",
            error["field"],
            error["code"]
        );
    }

    // Nothing wrong but the required fields missing: each is named.
    let response = app.file(&json!({"anonymous": true, "consent": {"processing": true, "forwarding": true}})).await;
    let expected = [("category", "required"), ("region_code", "required"), ("description", "required")];
    let wrong = problem_mismatches(&response, &expected);
    assert!(wrong.is_empty(), "required fields missing: {}\nanswer: {}", wrong.join("; "), response.text);

    assert_eq!(app.total_complaints().await, 0, "refused complaints must not be stored");
}
db_test!(several_errors_are_reported_together_in_form_order, several_errors_are_reported_together_in_form_order);

// ---------------------------------------------------------------------------------------------
// 5. Messages in zh-CN (default) and English
// ---------------------------------------------------------------------------------------------

fn message_of<'a>(response: &'a Response, field: &str) -> &'a str {
    response.body["errors"]
        .as_array()
        .and_then(|errors| errors.iter().find(|e| e["field"] == field))
        .and_then(|e| e["message"].as_str())
        .unwrap_or_else(|| panic!("no message for {field} in {}", response.text))
}

async fn messages_follow_accept_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut body = valid_complaint();
    set_at(&mut body, "/contact/phone", json!("12345"));
    set_at(&mut body, "/description", json!("太短了"));
    let expected = [("description", "too_short"), ("contact.phone", "phone_invalid")];

    let chinese_headers: [&[(&str, &str)]; 4] = [
        &[],
        &[("Accept-Language", "zh-CN")],
        &[("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")],
        &[("Accept-Language", "fr")],
    ];
    for headers in chinese_headers {
        let response = app.post_json_with("/api/v1/complaints", &body, headers).await;
        let wrong = problem_mismatches(&response, &expected);
        assert!(wrong.is_empty(), "with {headers:?}: {}\nanswer: {}", wrong.join("; "), response.text);
        assert_eq!(response.header("content-language"), Some("zh-CN"), "Content-Language with {headers:?}");
        let title = response.body["title"].as_str().unwrap_or("");
        assert!(has_cjk(title), "with {headers:?} the title must be Chinese, got {title:?}");
        let phone = message_of(&response, "contact.phone");
        assert!(phone.contains("11 位手机号码"), "with {headers:?} the phone message must be Chinese, got {phone:?}");
        let description = message_of(&response, "description");
        assert!(
            has_cjk(description) && description.contains("10"),
            "with {headers:?} the description message must be Chinese and give the minimum, got {description:?}"
        );
    }

    let english_headers: [&[(&str, &str)]; 3] = [
        &[("Accept-Language", "en")],
        &[("Accept-Language", "en-US,en;q=0.9")],
        &[("Accept-Language", "zh-CN;q=0.5, en;q=0.9")],
    ];
    for headers in english_headers {
        let response = app.post_json_with("/api/v1/complaints", &body, headers).await;
        let wrong = problem_mismatches(&response, &expected);
        assert!(wrong.is_empty(), "with {headers:?}: {}\nanswer: {}", wrong.join("; "), response.text);
        assert_eq!(response.header("content-language"), Some("en"), "Content-Language with {headers:?}");
        let title = response.body["title"].as_str().unwrap_or("");
        assert!(!title.is_empty() && !has_cjk(title), "with {headers:?} the title must be English, got {title:?}");
        let detail = response.body["detail"].as_str().unwrap_or("");
        assert!(!has_cjk(detail), "with {headers:?} the detail must be English, got {detail:?}");
        let phone = message_of(&response, "contact.phone");
        assert!(phone.contains("11-digit"), "with {headers:?} the phone message must be English, got {phone:?}");
        let description = message_of(&response, "description");
        assert!(
            !has_cjk(description) && description.contains("10"),
            "with {headers:?} the description message must be English and give the minimum, got {description:?}"
        );
    }

    // Only the words change: the codes are the same in both languages.
    let chinese = app.file(&body).await;
    let english = app.post_json_with("/api/v1/complaints", &body, &[("Accept-Language", "en")]).await;
    assert_eq!(chinese.field_errors(), english.field_errors(), "codes must not depend on the language");
    assert_ne!(chinese.body["title"], english.body["title"], "the title must be translated");

    assert_eq!(app.total_complaints().await, 0, "refused complaints must not be stored");
}
db_test!(messages_follow_accept_language, messages_follow_accept_language);
