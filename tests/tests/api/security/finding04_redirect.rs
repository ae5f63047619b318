//! Finding 4: `next` took a path with a tab or a carriage return, which browsers follow to
//! another site (`/<TAB>/evil.example` is `//evil.example`), or which gave a 500. Only a plain path
//! on this site is followed; anything else goes to `/`.

use intake_tests::browser::Browser;
use intake_tests::staff::{PASSWORD, account};
use intake_tests::*;

async fn finding4_the_language_switch_never_leaves_the_site(backend: Backend) {
    let app = spawn_app(backend).await;
    for (next, expected) in [
        ("/%09/evil.example", "/"),
        ("/%0d/evil.example", "/"),
        ("/%0a/evil.example", "/"),
        ("//evil.example", "/"),
        ("/%5C/evil.example", "/"),
        ("/%2F%2Fevil.example", "/"),
        ("https://evil.example", "/"),
        ("/track", "/track"),
        ("/console%3Ftab%3Dmine", "/console?tab=mine"),
    ] {
        let r = app.get(&format!("/language?to=en&next={next}")).await;
        assert_eq!(r.status, 303, "{next}");
        assert_eq!(r.header("location"), Some(expected), "{next}");
    }
}
db_test!(finding4_the_language_switch_never_leaves_the_site, finding4_the_language_switch_never_leaves_the_site);

async fn finding4_sign_in_never_sends_staff_to_another_site(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "volunteer@example.org", "volunteer", None).await;
    for next in ["/\t/evil.example", "/\r/evil.example", "/\\evil.example"] {
        let mut browser = Browser::new(&app);
        let csrf = browser.get("/signin").await.input("csrf");
        let signed = browser
            .post(
                "/signin",
                &[("csrf", csrf.as_str()), ("email", "volunteer@example.org"), ("password", PASSWORD), ("next", next)],
            )
            .await;
        assert_eq!(signed.status, 303, "{next:?}: {}", signed.html);
        assert_eq!(signed.header("location"), "/console", "{next:?}");
    }
    let shown = app.get("/signin?next=%2F%09%2Fevil.example").await;
    assert_eq!(shown.status, 200);
    assert!(!shown.text.contains("evil.example"), "the form does not carry the address on");
}
db_test!(finding4_sign_in_never_sends_staff_to_another_site, finding4_sign_in_never_sends_staff_to_another_site);
