//! The routing rules and offices kept in memory for every decision.

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
}

pub(crate) struct RoutingTable {
    loaded: Instant,
    /// Active rules, by id.
    pub(crate) rules: Vec<routing_rule::Model>,
    pub(crate) offices: HashMap<i64, office::Model>,
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

    pub(crate) async fn get(&self, db: &store::Db) -> Result<Arc<RoutingTable>, ServiceError> {
        if let Some(table) = self.fresh() {
            return Ok(table);
        }
        let loaded = Instant::now();
        let mut rules = store::admin::rules(db).await?;
        rules.retain(|r| r.active);
        rules.sort_by_key(|r| r.id);
        let offices = store::admin::offices(db).await?.into_iter().map(|o| (o.id, o)).collect();
        let table = Arc::new(RoutingTable { loaded, rules, offices });
        if let Ok(mut slot) = self.table.write() {
            *slot = Some(table.clone());
        }
        Ok(table)
    }
}
