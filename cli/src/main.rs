//! The `beeper-setup` command: signs a person in to Beeper and sets up encrypted messaging on
//! this device, in a terminal or from a script. Run `beeper-setup --help` (from a checkout:
//! `cargo run --bin beeper-setup -- --help`).
//!
//! The whole flow is one loop: read the session, ask `next_step` what to do, do it, repeat.
//! `steps` holds one function per kind of step; `prompt` the terminal input; `ui` the output
//! (sentences, or JSON lines with `--json`); `backend` which Beeper to talk to; `handover` (with
//! `token_file`) what becomes of the access token; `qr` draws the verification QR code; `args`
//! the command line; `doctor` the `doctor` subcommand, which says what is wrong.

mod args;
mod backend;
mod doctor;
mod exit;
mod handover;
mod prompt;
mod qr;
mod screen;
mod steps;
mod token_file;
mod ui;

use args::{Method, Options, Request};
use backend::SimControl;
use beeper_setup::{Client, ClientConfig, Step, StepOptions};
use exit::Exit;
use prompt::Term;
use std::io::Write;
use ui::Ui;

/// Everything a step needs.
pub struct Ctx<'a> {
    pub client: Client,
    pub ui: &'a Ui,
    pub term: Term,
    pub opts: Options,
    /// The built-in simulator, when in use (and only then may its secrets be read).
    pub sim: Option<SimControl>,
    /// How to verify this device, once known.
    pub method: Option<Method>,
    /// The verifications this run started or accepted.
    pub ours: Vec<String>,
    /// The person (or `--force`) agreed that a new token may replace the `--token-file` one.
    pub may_replace_token_file: bool,
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let json = argv.iter().any(|a| a == "--json");
    let code = match args::parse(argv) {
        Ok(Request::Show(text)) => {
            println!("{text}");
            0
        }
        Ok(Request::Doctor(opts)) => doctor::run(&opts),
        Ok(Request::Setup(opts)) => {
            let ui = Ui::new(opts.json);
            match setup(opts, &ui) {
                Ok(()) => 0,
                Err(e) => {
                    ui.error(&e);
                    e.code()
                }
            }
        }
        Err(e) => {
            Ui::new(json).error(&e);
            eprintln!("Run with --help to see the flags.");
            e.code()
        }
    };
    let _ = std::io::stdout().flush();
    std::process::exit(code);
}

fn setup(opts: Options, ui: &Ui) -> Result<(), Exit> {
    // The library's records go to stderr: at DEBUG with --verbose, else as BEEPER_LOG says.
    beeper_setup::logging::install();
    if opts.verbose {
        beeper_setup::logging::set_level(beeper_setup::logging::LevelFilter::Debug);
    }
    // Before anything is sent (even a look at the default URL): a token file that is no file.
    if let Some(path) = &opts.token_file {
        token_file::check_kind(path)?;
    }
    let term = Term::new();
    let fallback = backend::Fallback {
        interactive: term.interactive(),
        json: opts.json,
        token_file: opts.token_file.is_some(),
    };
    let backend = backend::choose(opts.base_url.as_deref(), opts.simulator, fallback, ui)?;
    let client = Client::new(ClientConfig {
        base_url: backend.base_url,
        ..ClientConfig::default()
    })
    .map_err(|e| match e.kind {
        beeper_setup::ErrorKind::InvalidArgument => Exit::Usage(e.message),
        _ => Exit::Library(e),
    })?;
    if backend.sim.is_some() {
        // A token from the environment belongs to a real Beeper, not to the simulator.
        client.set_access_token(None)?;
    }
    let mut ctx = Ctx {
        client,
        ui,
        term,
        method: opts.method,
        opts,
        sim: backend.sim,
        ours: Vec::new(),
        may_replace_token_file: false,
    };
    let saved = handover::saved_token(&ctx)?;
    run(&mut ctx, saved)
}

/// The flow: `next_step` decides, a step function acts, until setup is done.
fn run(ctx: &mut Ctx, saved_token: Option<beeper_setup::Secret>) -> Result<(), Exit> {
    let mut session = handover::first_session(ctx, saved_token)?;
    let options = StepOptions {
        language: ui::language(ctx.opts.lang.as_deref()),
        ..StepOptions::default()
    };
    loop {
        let next = ctx.client.next_step(&session, &options);
        ctx.ui.state(&next);
        session = match next.step {
            Step::SignIn => steps::sign_in(ctx)?,
            Step::VerifyDevice => steps::verify(ctx, &session, &next)?,
            Step::EnterRecoveryKey => steps::enter_recovery_key(ctx)?,
            Step::CreateRecoveryKey => steps::create_recovery_key(ctx)?,
            Step::Done => {
                let account = session.matrix.as_ref();
                ctx.ui.done(
                    account.map(|m| m.user_id.as_str()),
                    account.map(|m| m.device_id.as_str()),
                );
                return Ok(());
            }
            // Waiting is right for a step this command does not know yet: the state may pass.
            _ => steps::wait(ctx, &session, &next)?,
        };
    }
}
