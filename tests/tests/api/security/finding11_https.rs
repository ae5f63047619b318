//! Finding 11: served over https, cookies lacked `Secure` and answers had no HSTS.

use intake_tests::browser::Browser;
use intake_tests::staff::{PASSWORD, account};
use intake_tests::*;

async fn finding11_over_https_every_cookie_is_secure_and_hsts_is_sent(backend: Backend) {
    let app = spawn_app_with(backend, |raw| raw.public_url = "https://intake.example.org".into()).await;
    for path in ["/", "/api/v1/categories", "/no-such-page", "/api/v1/nothing", "/healthz"] {
        let r = app.get(path).await;
        assert_eq!(r.header("strict-transport-security"), Some("max-age=31536000"), "{path}");
    }
    let switched = app.get("/language?to=en&next=/").await;
    assert_eq!(switched.header("strict-transport-security"), Some("max-age=31536000"));
    let mut cookies: Vec<String> = Vec::new();
    cookies.extend(switched.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap_or_default().to_owned()));
    account(&app, "volunteer@example.org", "volunteer", None).await;
    let mut browser = Browser::new(&app);
    let form = browser.get("/signin").await;
    cookies.extend(form.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap_or_default().to_owned()));
    let csrf = form.input("csrf");
    let signed = browser
        .post("/signin", &[("csrf", csrf.as_str()), ("email", "volunteer@example.org"), ("password", PASSWORD)])
        .await;
    assert_eq!(signed.status, 303);
    cookies.extend(signed.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap_or_default().to_owned()));
    for name in ["intake_lang=", "intake_csrf=", "intake_session="] {
        let cookie = cookies.iter().find(|c| c.starts_with(name)).cloned().unwrap_or_default();
        assert!(cookie.contains("; Secure"), "{name}: {cookie}");
    }
}
db_test!(
    finding11_over_https_every_cookie_is_secure_and_hsts_is_sent,
    finding11_over_https_every_cookie_is_secure_and_hsts_is_sent
);

async fn finding11_over_http_no_hsts(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.get("/").await.header("strict-transport-security"), None);
}
db_test!(finding11_over_http_no_hsts, finding11_over_http_no_hsts);
