//! The routing rules and offices kept in memory for every decision.

use crate::domain::competence::Seat;
use crate::domain::office::OfficeKind;
use crate::service::ServiceError;
use crate::store;
use crate::store::entity::{office, routing_rule};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a copy of the routing table is used before it is read again. Changes made through
/// this process clear it at once; this bounds how long one made elsewhere (the `intake` command
/// line, another instance on the same PostgreSQL) takes to apply.
const ROUTING_TABLE_TTL: Duration = Duration::from_secs(2);

/// The active routing rules and every office, kept in memory: every filing and every preview
/// needs them, and reading them from the database was a fifth of a filing's cost.
#[derive(Default)]
pub struct RoutingCache {
    table: RwLock<Option<Arc<RoutingTable>>>,
    /// One reload at a time: with some 20,000 offices a reload takes tens of milliseconds, and
    /// every filing that found the copy stale reloading at once exhausted the connection pool.
    reloading: tokio::sync::Mutex<()>,
}

pub(crate) struct RoutingTable {
    loaded: Instant,
    /// Active rules, by id.
    pub(crate) rules: Vec<routing_rule::Model>,
    pub(crate) offices: HashMap<i64, office::Model>,
    /// The office of each kind in each region, for resolving rules that name a kind.
    pub(crate) seats: HashMap<(OfficeKind, String), Seat>,
}

/// The seat of each kind in each region. Should the directory hold two offices of one kind for a
/// region, the active one is the seat, and of two active ones the older.
pub(crate) fn seats<'a>(offices: impl IntoIterator<Item = &'a office::Model>) -> HashMap<(OfficeKind, String), Seat> {
    let mut seats: HashMap<(OfficeKind, String), Seat> = HashMap::new();
    for o in offices {
        let Some(region) = &o.region_code else { continue };
        let seat = Seat { office_id: o.id, active: o.active };
        seats
            .entry((o.kind, region.clone()))
            .and_modify(|held| {
                if (seat.active, std::cmp::Reverse(seat.office_id)) > (held.active, std::cmp::Reverse(held.office_id)) {
                    *held = seat;
                }
            })
            .or_insert(seat);
    }
    seats
}

impl RoutingCache {
    /// Forgets the copy: the next decision reads the rules and offices afresh.
    pub fn invalidate(&self) {
        if let Ok(mut table) = self.table.write() {
            *table = None;
        }
    }

    fn fresh(&self) -> Option<Arc<RoutingTable>> {
        let table = self.table.read().ok()?;
        table.as_ref().filter(|t| t.loaded.elapsed() < ROUTING_TABLE_TTL).cloned()
    }

    /// The copy of the table, whatever its age (for callers that find another reloading it).
    fn any(&self) -> Option<Arc<RoutingTable>> {
        self.table.read().ok()?.clone()
    }

    pub(crate) async fn get(&self, db: &store::Db) -> Result<Arc<RoutingTable>, ServiceError> {
        if let Some(table) = self.fresh() {
            return Ok(table);
        }
        // While another request reloads, the copy a moment old serves; with no copy yet, wait.
        let _reload = match self.reloading.try_lock() {
            Ok(guard) => guard,
            Err(_) => match self.any() {
                Some(table) => return Ok(table),
                None => self.reloading.lock().await,
            },
        };
        if let Some(table) = self.fresh() {
            return Ok(table);
        }
        let loaded = Instant::now();
        let mut rules = store::admin::rules(db).await?;
        rules.retain(|r| r.active);
        rules.sort_by_key(|r| r.id);
        let offices: HashMap<i64, office::Model> =
            store::admin::offices(db).await?.into_iter().map(|o| (o.id, o)).collect();
        let seats = seats(offices.values());
        let table = Arc::new(RoutingTable { loaded, rules, offices, seats });
        if let Ok(mut slot) = self.table.write() {
            *slot = Some(table.clone());
        }
        Ok(table)
    }
}
