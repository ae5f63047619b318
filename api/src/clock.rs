//! Time is passed in, so that tests control deadlines and expiry without sleeping.

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};
use std::sync::{Arc, Mutex};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date where the work is done. Mainland China keeps one time zone, UTC+8, and a
    /// worker's "today" is what the law's deadlines and the form's "not in the future" mean.
    fn today_in_china(&self) -> NaiveDate {
        let offset = FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix());
        self.now().with_timezone(&offset).date_naive()
    }
}

/// The date in China at `at`, by the same rule as the app's clock.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    struct At(DateTime<Utc>);
    impl Clock for At {
        fn now(&self) -> DateTime<Utc> {
            self.0
        }
    }
    At(at).today_in_china()
}

#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to.
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut now) = self.0.lock() {
            *now = at;
        }
    }

    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut now) = self.0.lock() {
            *now += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map(|t| *t).unwrap_or_else(|poisoned| *poisoned.into_inner())
    }
}
