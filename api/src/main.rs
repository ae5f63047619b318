//! The `intake` command: serve, migrate, worker, jobs, routing explain and the rest.

use clap::{Args, Parser, Subcommand};
use intake::clock::{Clock, SystemClock};
use intake::config::Config;
use intake::jobs::Job;
use intake::notify::worker;
use intake::service::complaint::input::RoutingPreviewRequest;
use intake::service::complaint::validate::parse_routing_query;
use intake::service::outbox;
use intake::service::routing::{decide, explain_text};
use intake::startup::{Application, build_state, connect_and_migrate, mailer};
use intake::{i18n, telemetry};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(name = "intake", version, about = "Labour-rights complaint intake for gig and delivery workers")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve the API (settings: intake.toml and INTAKE_*).
    Serve,
    /// Bring the database schema and seed data up to date, then exit.
    Migrate,
    /// Run the mail delivery loop and the periodic jobs, without serving (for when `intake serve`
    /// runs with INTAKE_MAIL_WORKER=false).
    Worker,
    /// The periodic jobs: `run NAME`, `list`.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// The mail outbox.
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Staff accounts.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Routing rules.
    #[command(subcommand)]
    Routing(RoutingCommand),
    /// The office directory as CSV: `import FILE`, `export [FILE]`.
    #[command(subcommand)]
    Directory(intake::service::admin::DirectoryCommand),
    /// The working-day calendar (public holidays, make-up working days): `import FILE`,
    /// `list [--year YYYY]`.
    #[command(subcommand)]
    Calendar(intake::service::admin::CalendarCommand),
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Create an account; without --password-stdin a password is generated and printed once.
    Add {
        #[arg(long)]
        email: String,
        /// admin, officer or volunteer.
        #[arg(long)]
        role: String,
        /// The office of an officer (see `intake routing explain` or the directory for ids).
        #[arg(long)]
        office: Option<i64>,
        #[arg(long)]
        name: Option<String>,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password (generated, or from standard input) and sign the account out everywhere.
    ResetPassword {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable an account and sign it out everywhere.
    Disable {
        #[arg(long)]
        email: String,
    },
}

fn read_password() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| format!("cannot read the password: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn staff_command(state: &intake::service::AppState, command: StaffCommand) -> ExitCode {
    use intake::service::staff::accounts as staff;
    let show = |e: intake::service::ServiceError| match e {
        intake::service::ServiceError::Validation(errors) => errors
            .iter()
            .map(|e| format!("{}: {}", e.field, i18n::field_message(e, intake::domain::language::Language::En)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    };
    match command {
        StaffCommand::Add { email, role, office, name, password_stdin } => {
            let password = if password_stdin {
                match read_password() {
                    Ok(p) => Some(p),
                    Err(e) => return fail(e),
                }
            } else {
                None
            };
            let input = staff::NewStaffInput {
                email: email.clone(),
                display_name: name,
                role,
                office_id: office,
                password,
                language: None,
            };
            match staff::add(state, input, None).await {
                Ok(created) => {
                    println!("Created account #{} for {email}.", created.id);
                    if let Some(p) = created.generated_password {
                        println!("Password (shown once, pass it on safely): {p}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(show(e)),
            }
        }
        StaffCommand::ResetPassword { email, password_stdin } => {
            let password = if password_stdin {
                match read_password() {
                    Ok(p) => Some(p),
                    Err(e) => return fail(e),
                }
            } else {
                None
            };
            match staff::reset_password(state, &email, password).await {
                Ok(generated) => {
                    println!("The password of {email} is changed; every session of the account is signed out.");
                    if let Some(p) = generated {
                        println!("New password (shown once): {p}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(show(e)),
            }
        }
        StaffCommand::Disable { email } => match staff::set_active(state, &email, false).await {
            Ok(()) => {
                println!("{email} is disabled and signed out everywhere.");
                ExitCode::SUCCESS
            }
            Err(e) => fail(show(e)),
        },
    }
}

#[derive(Subcommand)]
enum JobsCommand {
    /// Run one job now, outside its schedule, and print what it did.
    Run {
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(Job::ALL.map(Job::name)))]
        name: String,
    },
    /// Each job with its period and its last scheduled run.
    List,
}

async fn jobs_command(state: &intake::service::AppState, command: JobsCommand) -> ExitCode {
    match command {
        JobsCommand::Run { name } => {
            let Some(job) = Job::from_name(&name) else {
                eprintln!("unknown job '{name}'; the jobs are: {}", Job::ALL.map(Job::name).join(", "));
                return ExitCode::from(2);
            };
            // Not claimed in `job_runs`: each job is safe to run again (the digest's per-office
            // claim lets one digest a day through), and the scheduled run of the period still runs.
            match job.run_once(state, state.clock.now()).await {
                Ok(report) => {
                    println!("{}: {report}", job.name());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(format!("{}: {e}", job.name())),
            }
        }
        JobsCommand::List => {
            let now = state.clock.now();
            for job in Job::ALL {
                let period = job.period();
                let last = match intake::store::jobs::last_run(&state.db, job.name()).await {
                    Ok(Some(run)) => format!(
                        "last run: {} by {}, started {}, {}",
                        run.period,
                        run.instance,
                        run.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
                        match (run.finished_at, run.report) {
                            (Some(at), Some(report)) => format!("finished {}: {report}", at.format("%H:%M:%S")),
                            _ => "not finished".to_owned(),
                        }
                    ),
                    Ok(None) => "never run".to_owned(),
                    Err(e) => return fail(e),
                };
                println!("{:<20} {:<20} current period {:<18} {last}", job.name(), period.to_string(), period.key(now));
            }
            ExitCode::SUCCESS
        }
    }
}

#[derive(Subcommand)]
enum OutboxCommand {
    /// Counts by status, then the latest messages with their last error.
    List {
        /// Only the messages that failed for good.
        #[arg(long)]
        failed: bool,
        /// How many messages to show.
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Queue failed messages again.
    Retry {
        /// The message to retry.
        #[arg(required_unless_present = "all_failed", conflicts_with = "all_failed")]
        id: Option<i64>,
        /// Every failed message.
        #[arg(long)]
        all_failed: bool,
    },
}

#[derive(Subcommand)]
enum RoutingCommand {
    /// Show which offices would receive a complaint, and the rules behind the decision.
    Explain(ExplainArgs),
}

#[derive(Args)]
struct ExplainArgs {
    /// A category code, e.g. wage_arrears.
    #[arg(long)]
    category: String,
    /// A 4- or 6-digit region code where the work is done, e.g. 341102.
    #[arg(long)]
    region: String,
    /// How many workers are affected.
    #[arg(long, default_value_t = 1)]
    affected: i64,
    /// A tag (women, disability, minor, migrant, injury); repeat for several.
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// The platform's name, e.g. 美团.
    #[arg(long)]
    platform: Option<String>,
}

async fn outbox_list(state: &intake::service::AppState, failed: bool, limit: u64) -> ExitCode {
    let summary = match outbox::summary(state).await {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    println!("pending {}, sent {}, failed {}", summary.pending, summary.sent, summary.failed);
    let rows = match outbox::list(state, failed, limit).await {
        Ok(rows) => rows,
        Err(e) => return fail(e),
    };
    for m in rows {
        println!(
            "#{:<6} {:<8} attempts {:<2} {:<20} {:<32} {}{}",
            m.id,
            m.status,
            m.attempts,
            m.kind,
            m.to_address,
            m.subject,
            m.last_error.map(|e| format!("\n         last error: {e}")).unwrap_or_default()
        );
    }
    ExitCode::SUCCESS
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}

/// Threads for blocking work (writing mail files, reading evidence): tokio's default of 512 lets a
/// burst of mail start dozens of threads, each with its own allocator arena, for work that is
/// bound by one disk anyway.
const BLOCKING_THREADS: usize = 8;

fn main() -> ExitCode {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().max_blocking_threads(BLOCKING_THREADS).build();
    match runtime {
        Ok(runtime) => runtime.block_on(run()),
        Err(e) => fail(e),
    }
}

async fn run() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(config) => config,
        Err(e) => return fail(e),
    };
    telemetry::init(&config.log, config.log_format, std::io::stdout);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match cli.command {
        Command::Serve => {
            let app = match Application::build(config.clone(), clock).await {
                Ok(app) => app,
                Err(e) => return fail(e),
            };
            tracing::info!(address = %config.bind, port = app.port(), "serving");
            match app.run_until_stopped().await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            }
        }
        Command::Migrate => match connect_and_migrate(&config).await {
            Ok(_) => {
                println!("The database is up to date.");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Command::Worker => {
            let state = match build_state(&config, clock).await {
                Ok(state) => Arc::new(state),
                Err(e) => return fail(e),
            };
            let mailer = match mailer(&config) {
                Ok(m) => Arc::new(m),
                Err(e) => return fail(e),
            };
            tokio::select! {
                () = worker::run(state.clone(), mailer) => ExitCode::SUCCESS,
                () = intake::jobs::scheduler::run(state, config.jobs_tick) => ExitCode::SUCCESS,
                _ = tokio::signal::ctrl_c() => {
                    tracing::info!("stopping the mail delivery loop and the jobs");
                    ExitCode::SUCCESS
                }
            }
        }
        Command::Jobs(command) => match build_state(&config, clock).await {
            Ok(state) => jobs_command(&state, command).await,
            Err(e) => fail(e),
        },
        Command::Directory(command) => match build_state(&config, clock).await {
            Ok(state) => intake::service::admin::directory_command(&state, command).await,
            Err(e) => fail(e),
        },
        Command::Calendar(command) => match build_state(&config, clock).await {
            Ok(state) => intake::service::admin::calendar_command(&state, command).await,
            Err(e) => fail(e),
        },
        Command::Staff(command) => match build_state(&config, clock).await {
            Ok(state) => staff_command(&state, command).await,
            Err(e) => fail(e),
        },
        Command::Outbox(command) => {
            let state = match build_state(&config, clock).await {
                Ok(state) => state,
                Err(e) => return fail(e),
            };
            match command {
                OutboxCommand::List { failed, limit } => outbox_list(&state, failed, limit).await,
                OutboxCommand::Retry { id, all_failed } => {
                    match outbox::retry(&state, if all_failed { None } else { id }).await {
                        Ok(n) => {
                            println!("{n} message(s) queued again; the delivery loop sends them on its next pass.");
                            ExitCode::SUCCESS
                        }
                        Err(intake::service::ServiceError::NotFound(code)) => {
                            fail(format!("{code}: no failed outbox message has the id {}", id.unwrap_or_default()))
                        }
                        Err(e) => fail(e),
                    }
                }
            }
        }
        Command::Routing(RoutingCommand::Explain(args)) => {
            let state = match build_state(&config, clock).await {
                Ok(state) => state,
                Err(e) => return fail(e),
            };
            let request = RoutingPreviewRequest {
                category: Some(args.category),
                region_code: Some(args.region),
                affected_workers: Some(args.affected),
                tags: Some(args.tags),
                platform: args.platform,
            };
            let query = match parse_routing_query(request, &state.directory) {
                Ok(query) => query,
                Err(errors) => {
                    for e in errors {
                        eprintln!("{}: {}", e.field, i18n::field_message(&e, intake::domain::language::Language::En));
                    }
                    return ExitCode::from(2);
                }
            };
            match decide(&state, &query).await {
                Ok(routed) => {
                    print!("{}", explain_text(&routed, &query, &state));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
    }
}
