//! Staff sign-in: argon2id password hashes, short-lived HS256 tokens, lock-out after repeated
//! failures, and revocation of every token of an account (logout, password change, disabling).

use crate::domain::language::Language;
use crate::domain::role::StaffRole;
use crate::secrets::random_bytes;
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::audit::Entry;
use crate::store::entity::staff;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::sync::OnceLock;

use super::throttle::SLOW_ANSWER;
pub use super::throttle::{LOCK_MINUTES, MAX_FAILED_LOGINS};

pub const MIN_PASSWORD_LEN: usize = 12;

/// Who is calling, as established from a valid token and the current account row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub staff_id: i64,
    pub role: StaffRole,
    pub office_id: Option<i64>,
    pub email: String,
    pub display_name: String,
    pub language: Language,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    role: String,
    /// The account's token version when issued: logout raises it, which revokes this token.
    ver: i32,
    iat: i64,
    exp: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Session {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub role: StaffRole,
}

pub fn hash_password(password: &str) -> Result<String, ServiceError> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash to verify against when the email is unknown, so that an unknown email and a wrong
/// password take the same time as well as giving the same answer.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a password of anyone").unwrap_or_default())
}

/// Makes a random password for a new account or a reset: 20 characters from an unambiguous set.
pub fn generate_password() -> Result<String, ServiceError> {
    const SET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes = random_bytes::<64>()?;
    let limit = 256 - (256 % SET.len());
    let password: String = bytes
        .iter()
        .filter(|b| usize::from(**b) < limit)
        .take(20)
        .map(|b| char::from(SET[usize::from(*b) % SET.len()]))
        .collect();
    if password.len() < 20 { generate_password() } else { Ok(password) }
}

fn issue(state: &AppState, account: &staff::Model) -> Result<Session, ServiceError> {
    let role = account.role;
    let now = state.clock.now();
    let claims = Claims {
        sub: account.id.to_string(),
        role: account.role.as_str().to_owned(),
        ver: account.token_version,
        iat: now.timestamp(),
        exp: (now + state.token_ttl).timestamp(),
    };
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(state.secrets.jwt_secret()),
    )
    .map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(Session { access_token: token, token_type: "Bearer", expires_in: state.token_ttl.num_seconds(), role })
}

async fn audit(state: &AppState, actor: Option<&staff::Model>, action: &'static str, target: &str, ip: Option<&str>) {
    let entry = Entry {
        actor_staff_id: actor.map(|a| a.id),
        actor_role: actor.map_or("anonymous".to_owned(), |a| a.role.as_str().to_owned()),
        action,
        target: Some(target.to_owned()),
        ip: ip.map(str::to_owned),
        ..Entry::default()
    };
    if let Err(e) = store::audit::append(&state.db, entry, state.clock.now()).await {
        tracing::error!(error = %e, action, "could not write the audit log");
    }
}

/// Signs in. An unknown email, a wrong password and a disabled account give the same answer
/// after the same work (an argon2 verification and an audit entry); five failures for one email
/// from one address make that address wait, whether the email has an account or not.
pub async fn login(state: &AppState, email: &str, password: &str, client: IpAddr) -> Result<Session, ServiceError> {
    let email = email.trim().to_lowercase();
    let ip = client.to_string();
    let pair = (email.clone(), client);
    let throttle = &state.login_throttle;
    // No account has an email with a control character (and PostgreSQL refuses a NUL in a
    // query): such an email is simply unknown.
    let account = match email.chars().any(char::is_control) {
        true => None,
        false => store::staff::by_email(&state.db, &email).await?,
    };
    if let Err(seconds) = throttle.from_address.reached(&pair) {
        audit(state, account.as_ref(), "login_locked", &email, Some(&ip)).await;
        return Err(ServiceError::Locked(seconds));
    }
    let verified = match &account {
        Some(a) => verify_password(&a.password_hash, password),
        None => verify_password(dummy_hash(), password),
    };
    let account = match account {
        Some(account) if verified && account.active => account,
        other => {
            throttle.from_address.record(pair.clone());
            throttle.for_email.record(email.clone());
            audit(state, other.as_ref(), "login_failed", &email, Some(&ip)).await;
            if throttle.for_email.reached(&email).is_err() {
                tokio::time::sleep(SLOW_ANSWER).await;
            }
            return match throttle.from_address.reached(&pair) {
                Err(seconds) => Err(ServiceError::Locked(seconds)),
                Ok(()) => Err(ServiceError::InvalidCredentials),
            };
        }
    };
    throttle.from_address.clear(&pair);
    // An officer whose office was disabled is answered as a disabled account is.
    if store::staff::signed_in(&state.db, account.id).await?.is_none() {
        audit(state, Some(&account), "login_failed", &email, Some(&ip)).await;
        return Err(ServiceError::InvalidCredentials);
    }
    store::staff::record_login(&state.db, account.id, state.clock.now()).await?;
    audit(state, Some(&account), "login", &email, Some(&ip)).await;
    issue(state, &account)
}

/// Checks a bearer token: signature (HS256 only), expiry by the service's clock, and that the
/// account and its office are still active and the account has not revoked its tokens since.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Caller, ServiceError> {
    let mut validation = Validation::new(Algorithm::HS256);
    // Expiry is checked below against the service's clock, so that tests control it.
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let data =
        jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(state.secrets.jwt_secret()), &validation)
            .map_err(|_| ServiceError::Unauthorized)?;
    let claims = data.claims;
    if claims.exp <= state.clock.now().timestamp() {
        return Err(ServiceError::Unauthorized);
    }
    let id: i64 = claims.sub.parse().map_err(|_| ServiceError::Unauthorized)?;
    let account = store::staff::signed_in(&state.db, id).await?.ok_or(ServiceError::Unauthorized)?;
    if account.token_version != claims.ver {
        return Err(ServiceError::Unauthorized);
    }
    Ok(Caller {
        staff_id: account.id,
        role: account.role,
        office_id: account.office_id,
        email: account.email,
        display_name: account.display_name,
        language: Language::parse(&account.language).unwrap_or_default(),
    })
}

/// A new token for a caller whose token is still valid.
pub async fn refresh(state: &AppState, caller: &Caller) -> Result<Session, ServiceError> {
    let account = store::staff::by_id(&state.db, caller.staff_id).await?.ok_or(ServiceError::Unauthorized)?;
    issue(state, &account)
}

/// Revokes every token of the caller's account.
pub async fn logout(state: &AppState, caller: &Caller, ip: Option<&str>) -> Result<(), ServiceError> {
    store::staff::bump_token_version(&state.db, caller.staff_id).await?;
    let account = store::staff::by_id(&state.db, caller.staff_id).await?;
    audit(state, account.as_ref(), "logout", &caller.email, ip).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse batterz"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn generated_passwords_are_long_and_unambiguous() {
        let p = generate_password().unwrap_or_default();
        assert_eq!(p.len(), 20);
        assert!(!p.contains(['0', 'O', '1', 'l', 'I']));
    }
}
