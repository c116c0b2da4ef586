//! One function per kind of screen that `next_step` can ask for. Each does what the screen
//! needs (ask, call, show) and returns the session as the server left it; the main loop then
//! asks `next_step` again. None of them decides what comes next.

use crate::args::Method;
use crate::exit::Exit;
use crate::Ctx;
use beeper_setup::models::{
    CancelParams, CreateVerificationParams, EmailParams, RecoveryKeyParams, RegisterParams,
    RegistrationRequired, ResetCreateParams, ResponseParams, Session, SignInResponse,
};
use beeper_setup::{Error, ErrorKind, NextStep, OutcomeKind, Secret, Step, WaitParams};

/// A 4xx answer about what the user typed (wrong code, bad email, ...): worth asking again.
fn rejected(e: &Error) -> bool {
    e.kind == ErrorKind::Api && matches!(e.status, Some(400 | 409 | 422))
}

/// `answer` runs again after a rejected answer when someone can type a new one; otherwise the
/// rejection ends the wizard.
fn retry_rejected(ctx: &Ctx, e: Error) -> Result<(), Exit> {
    if rejected(&e) && ctx.term.interactive() {
        ctx.ui
            .warn(&format!("{} Please try again.", crate::exit::rejection(&e)));
        Ok(())
    } else {
        Err(e.into())
    }
}

// ---- sign-in ----

pub fn sign_in(ctx: &mut Ctx) -> Result<Session, Exit> {
    crate::handover::before_sign_in(ctx)?;
    let request_id = ctx.client.setup().start()?.setup_request_id;
    send_email(ctx, &request_id)?;
    // `--code -`: read once the email is sent, so a script can fetch the code meanwhile.
    let mut from_flag = match ctx.opts.code.as_deref() {
        Some("-") if ctx.term.interactive() => None,
        Some("-") => {
            let code = crate::prompt::read_stdin_line()?;
            if code.is_empty() {
                return Err(Exit::NeedsInput(
                    "the code from the email is needed: --code - found no line on stdin".into(),
                ));
            }
            Some(code)
        }
        other => other.map(str::to_owned),
    };
    loop {
        let code = match from_flag.take() {
            Some(code) => code,
            None => ask_code(ctx)?,
        };
        let params = ResponseParams {
            response: Secret::new(code),
            setup_request_id: request_id.clone(),
        };
        match ctx.client.setup().response(&params) {
            Ok(SignInResponse::Success(signed_in)) => {
                ctx.ui
                    .say(&format!("Welcome back, {}.", signed_in.matrix.user_id));
                crate::handover::hand_over(ctx, &signed_in.matrix.access_token)?;
                return Ok(signed_in.session);
            }
            Ok(SignInResponse::RegistrationRequired(reg)) => return register(ctx, reg),
            Err(e) => retry_rejected(ctx, e)?,
        }
    }
}

fn send_email(ctx: &Ctx, request_id: &str) -> Result<(), Exit> {
    let mut from_flag = ctx.opts.email.clone();
    loop {
        let email = match from_flag.take() {
            Some(email) => email,
            None => ctx.term.ask("Email address: ", "--email", None)?,
        };
        let params = EmailParams {
            email: email.clone(),
            setup_request_id: request_id.to_owned(),
        };
        match ctx.client.setup().email(&params) {
            Ok(()) => {
                ctx.ui.say(&format!("A sign-in code was sent to {email}."));
                return Ok(());
            }
            Err(e) => retry_rejected(ctx, e)?,
        }
    }
}

/// The emailed code: asked for, or (built-in simulator only) read from the simulator.
fn ask_code(ctx: &Ctx) -> Result<String, Exit> {
    let question = "Code from the email: ";
    let Some(code) = ctx
        .sim
        .as_ref()
        .and_then(|s| s.state_field("lastEmailCode"))
    else {
        return ctx.term.ask(question, "--code", None);
    };
    if !ctx.term.interactive() {
        ctx.ui.notice(&format!("simulator: code {code} filled in"));
        return Ok(code);
    }
    ctx.ui.notice(&format!(
        "simulator: the emailed code is {code} (press Enter to use it)"
    ));
    ctx.term.ask(question, "--code", Some(&code))
}

fn register(ctx: &Ctx, reg: RegistrationRequired) -> Result<Session, Exit> {
    let suggestions = reg.username_suggestions.clone().unwrap_or_default();
    ctx.ui.say(&format!(
        "\nNo account uses this address yet. {}",
        reg.copy.title
    ));
    if !suggestions.is_empty() {
        ctx.ui
            .say(&format!("Suggestions: {}", suggestions.join(", ")));
    }
    let mut from_flag = ctx.opts.username.clone();
    let mut terms_accepted = false;
    loop {
        let username = match from_flag.take() {
            Some(name) => name,
            None => ask_username(ctx, &reg, &suggestions)?,
        };
        if !terms_accepted {
            ctx.ui.say(&reg.copy.terms);
            if !ctx.term.confirm("Do you accept?", ctx.opts.yes, false)? {
                return Err(Exit::Declined(
                    "the terms were not accepted; no account was created".into(),
                ));
            }
            terms_accepted = true;
        }
        let params = RegisterParams {
            accept_terms: true,
            lead_token: reg.lead_token.clone(),
            setup_request_id: reg.setup_request_id.clone(),
            username,
        };
        match ctx.client.setup().register(&params) {
            Ok(created) => {
                ctx.ui
                    .say(&format!("Account {} created.", created.matrix.user_id));
                crate::handover::hand_over(ctx, &created.matrix.access_token)?;
                return Ok(created.session);
            }
            Err(e) => retry_rejected(ctx, e)?,
        }
    }
}

fn ask_username(
    ctx: &Ctx,
    reg: &RegistrationRequired,
    suggestions: &[String],
) -> Result<String, Exit> {
    let first = suggestions.first().map(String::as_str);
    if !ctx.term.interactive() {
        let offer = match first {
            Some(_) => format!(" (suggestions: {})", suggestions.join(", ")),
            None => String::new(),
        };
        return Err(Exit::NeedsInput(format!(
            "a username is needed for the new account: pass --username{offer}"
        )));
    }
    let question = match first {
        Some(s) => format!("{} [{s}]: ", reg.copy.username_placeholder),
        None => format!("{}: ", reg.copy.username_placeholder),
    };
    ctx.term.ask(&question, "--username", first)
}

// ---- recovery key ----

pub fn enter_recovery_key(ctx: &Ctx) -> Result<Session, Exit> {
    let mut from_flag = match ctx.opts.recovery_key.as_deref() {
        Some("-") if ctx.term.interactive() => None,
        Some("-") => Some(crate::prompt::read_stdin_line()?).filter(|k| !k.is_empty()),
        other => other.map(str::to_owned),
    };
    if ctx.opts.recovery_key.as_deref() == Some("-") && from_flag.is_none() {
        ctx.term.require("--recovery-key", "the recovery key")?;
    }
    loop {
        let key = match from_flag.take() {
            Some(key) => key,
            None => ask_recovery_key(ctx)?,
        };
        let params = RecoveryKeyParams {
            recovery_key: Secret::new(key),
        };
        match ctx.client.recovery_key().verify(&params) {
            Ok(answer) => {
                ctx.ui.say("Recovery key accepted.");
                return Ok(answer.session);
            }
            Err(e) => retry_rejected(ctx, e)?,
        }
    }
}

/// Hidden input; with the built-in simulator, its known key fills in (non-interactive) or is
/// hinted at and used on Enter (interactive).
fn ask_recovery_key(ctx: &Ctx) -> Result<String, Exit> {
    let question = "Recovery key (input hidden): ";
    let Some(key) = ctx.sim.as_ref().and_then(|s| s.state_field("recoveryKey")) else {
        return ctx.term.ask_hidden(question, "--recovery-key", None);
    };
    if !ctx.term.interactive() {
        ctx.ui.notice("simulator: recovery key filled in");
        return Ok(key);
    }
    let hint: String = key.chars().take(9).collect();
    ctx.ui.notice(&format!(
        "simulator: this account's recovery key starts with {hint}… (press Enter to use it)"
    ));
    ctx.term.ask_hidden(question, "--recovery-key", Some(&key))
}

pub fn create_recovery_key(ctx: &Ctx) -> Result<Session, Exit> {
    // Check first: a key nobody can confirm must not be created.
    if !ctx.opts.yes {
        ctx.term
            .require("--yes", "confirming that the new recovery key is saved")?;
    }
    let created = ctx
        .client
        .recovery_key()
        .reset_create(&ResetCreateParams::default())?;
    ctx.ui.new_recovery_key(created.recovery_key.expose());
    if ctx.opts.yes {
        ctx.ui
            .notice("--yes: the new recovery key is taken as saved.");
        let params = RecoveryKeyParams {
            recovery_key: created.recovery_key,
        };
        return Ok(ctx.client.recovery_key().reset_confirm(&params)?.session);
    }
    loop {
        let typed = ctx.term.ask(
            "\nTo confirm that you saved it, type the recovery key: ",
            "--yes",
            None,
        )?;
        let params = RecoveryKeyParams {
            recovery_key: Secret::new(typed),
        };
        match ctx.client.recovery_key().reset_confirm(&params) {
            Ok(answer) => {
                ctx.ui.say("Recovery key saved.");
                return Ok(answer.session);
            }
            Err(e) => retry_rejected(ctx, e)?,
        }
    }
}

// ---- verification ----

pub fn verify(ctx: &mut Ctx, session: &Session, next: &NextStep) -> Result<Session, Exit> {
    let id = next.verification_id.as_deref().unwrap_or("active");
    match next.action.as_deref().unwrap_or_default() {
        "create" => start_verification(ctx, session, next),
        "accept" => {
            ctx.ui.say(&format!(
                "{} asks to verify this device; accepting.",
                other_device(session)
            ));
            let answer = ctx.client.verifications().accept(id)?;
            ctx.ours.push(id.to_owned());
            Ok(answer.session)
        }
        "sas.start" => match (method(ctx)?, next.qr_data.as_deref()) {
            (Method::Qr, Some(data)) => show_qr(ctx, session, next, data),
            _ => Ok(ctx.client.verifications().sas_start(id)?.session),
        },
        "compare-emojis" => compare_emojis(ctx, id, next),
        "qr.confirmScanned" => confirm_scanned(ctx, id),
        // "wait-for-other-device", and whatever a newer library may add.
        _ => wait(ctx, session, next),
    }
}

fn other_device(session: &Session) -> String {
    session
        .verification
        .as_ref()
        .and_then(|v| v.other_device.as_ref())
        .map(|d| d.name.clone().unwrap_or_else(|| d.id.clone()))
        .unwrap_or_else(|| "Another device".into())
}

/// How to verify: `--method`, else the recovery key when `--recovery-key` is given, else asked
/// (at a terminal) or emoji.
fn method(ctx: &mut Ctx) -> Result<Method, Exit> {
    if let Some(m) = ctx.method {
        return Ok(m);
    }
    let chosen = if ctx.opts.recovery_key.is_some() {
        Method::RecoveryKey
    } else if !ctx.term.interactive() {
        Method::Emoji
    } else {
        ctx.ui.say(
            "How do you want to verify this device?\n  \
             e  compare emojis with another device where you are signed in (default)\n  \
             q  let another device scan a code\n  \
             r  enter your recovery key",
        );
        loop {
            let answer = ctx.term.ask("Choose [e/q/r]: ", "--method", Some("e"))?;
            match Method::parse(&answer) {
                Some(m) => break m,
                None => ctx.ui.warn("Please type e, q or r."),
            }
        }
    };
    ctx.method = Some(chosen);
    Ok(chosen)
}

fn start_verification(ctx: &mut Ctx, session: &Session, next: &NextStep) -> Result<Session, Exit> {
    let ours = session
        .verification
        .as_ref()
        .is_some_and(|v| ctx.ours.contains(&v.id));
    if let Some(ended) = next.outcome.as_ref().filter(|_| ours) {
        let why = ended.reason.as_deref().unwrap_or("no reason given");
        let (kind, what) = ended_words(ended.kind);
        if !ctx.term.interactive() {
            return Err(Exit::Failed {
                kind,
                message: format!("{what} ({why})"),
            });
        }
        ctx.ui.say(&format!("{what}."));
        ctx.method = ctx.opts.method;
        if ended.kind == OutcomeKind::Mismatch && ctx.method.is_none() {
            // A second comparison could meet the same interference: the key is the safe way.
            if ctx
                .term
                .confirm("Use your recovery key instead?", false, true)?
            {
                ctx.method = Some(Method::RecoveryKey);
            }
        }
        if ctx.method != Some(Method::RecoveryKey)
            && !ctx.term.confirm("Start a new verification?", false, true)?
        {
            return Err(Exit::Declined("no new verification was started".into()));
        }
    }
    if method(ctx)? == Method::RecoveryKey {
        return enter_recovery_key(ctx);
    }
    // Check first: a verification nobody can confirm must not be started.
    if !ctx.opts.yes {
        ctx.term
            .require("--yes", "confirming the verification (or --recovery-key)")?;
    }
    let answer = ctx
        .client
        .verifications()
        .create(&CreateVerificationParams::default())?;
    if let Some(v) = &answer.verification {
        ctx.ours.push(v.id.clone());
    }
    ctx.ui
        .say("Open Beeper on another device where you are signed in and accept the request.");
    Ok(answer.session)
}

/// How the wizard names an ended verification: the error kind a script sees, and the sentence.
fn ended_words(kind: OutcomeKind) -> (&'static str, &'static str) {
    match kind {
        OutcomeKind::Declined => (
            "verification-declined",
            "The verification ended on the other side: the other device declined it",
        ),
        OutcomeKind::CancelledHere => (
            "verification-cancelled",
            "The verification was cancelled on this device",
        ),
        OutcomeKind::Mismatch => (
            "verification-mismatch",
            "The other device saw emojis that did not match, so the verification was stopped",
        ),
        OutcomeKind::TimedOut => (
            "verification-timed-out",
            "The verification timed out: the other device did not answer in time",
        ),
        OutcomeKind::AcceptedElsewhere => (
            "verification-accepted-elsewhere",
            "Another of your devices answered the request instead of this one",
        ),
        OutcomeKind::ProtocolError => (
            "verification-failed",
            "The devices could not understand each other, so the verification failed",
        ),
        OutcomeKind::Unknown => ("verification-ended", "The verification ended"),
    }
}

fn show_qr(ctx: &Ctx, session: &Session, next: &NextStep, data: &str) -> Result<Session, Exit> {
    ctx.ui.qr_code(data);
    if ctx.sim.as_ref().is_some_and(|s| s.other_device_scans()) {
        ctx.ui
            .notice("simulator: the other device scanned the code");
    }
    wait(ctx, session, next)
}

fn compare_emojis(ctx: &Ctx, id: &str, next: &NextStep) -> Result<Session, Exit> {
    match &next.comparison {
        Some(comparison) => ctx.ui.comparison(comparison),
        None => ctx.ui.say(&format!(
            "\nCompare with the other device:\n\n    {}\n",
            spaced(next.emojis.as_deref().unwrap_or_default())
        )),
    }
    if let Some(decimals) = &next.decimals {
        ctx.ui.say(&format!("    (or the numbers {decimals})\n"));
    }
    if ctx.term.confirm("Do they match?", ctx.opts.yes, false)? {
        Ok(ctx.client.verifications().sas_confirm(id)?.session)
    } else {
        decline(ctx, id, "m.mismatched_sas", "The emojis did not match.")
    }
}

fn confirm_scanned(ctx: &Ctx, id: &str) -> Result<Session, Exit> {
    let question = "The other device scanned this device's code. Does it show that it succeeded?";
    if ctx.term.confirm(question, ctx.opts.yes, false)? {
        Ok(ctx.client.verifications().qr_confirm_scanned(id)?.session)
    } else {
        decline(
            ctx,
            id,
            "m.user",
            "The scan was not confirmed on this device.",
        )
    }
}

/// The user says the verification is not genuine: the one case where the wizard cancels it.
fn decline(ctx: &Ctx, id: &str, code: &str, reason: &str) -> Result<Session, Exit> {
    let params = CancelParams {
        code: Some(code.into()),
        reason: Some(reason.into()),
    };
    ctx.client.verifications().cancel(id, &params)?;
    Err(Exit::Declined(format!(
        "{reason} The verification was cancelled; this device is not verified."
    )))
}

/// Emojis with room between them; a string that already has spaces is shown as it is.
fn spaced(emojis: &str) -> String {
    if emojis.contains(char::is_whitespace) {
        return emojis.to_owned();
    }
    let mut out = String::new();
    let mut joined = false;
    for c in emojis.chars() {
        let attaches = matches!(c, '\u{fe0f}' | '\u{200d}' | '\u{1f3fb}'..='\u{1f3ff}');
        if !out.is_empty() && !attaches && !joined {
            out.push_str("  ");
        }
        joined = c == '\u{200d}';
        out.push(c);
    }
    out
}

// ---- waiting ----

/// Waits, with a spinner, until the session state (or, while verifying, the verification's
/// state) is no longer what it is now.
pub fn wait(ctx: &Ctx, session: &Session, next: &NextStep) -> Result<Session, Exit> {
    let verifying = matches!(next.step, Step::VerifyDevice | Step::Unknown);
    let params = WaitParams {
        until: Vec::new(),
        while_state: Some(session.state.as_str().to_owned()),
        while_verification_state: session
            .verification
            .as_ref()
            .filter(|_| verifying)
            .map(|v| v.state.as_str().to_owned()),
        timeout_ms: ctx.opts.timeout().as_millis().max(1) as u64,
        ..WaitParams::default()
    };
    // The first sentence: the spinner line must fit on one terminal line.
    let label = next.message.split(". ").next().unwrap_or_default();
    let label = label.trim_end_matches('.');
    let text = ctx.ui.waiting(label, || ctx.client.wait(&params))?;
    serde_json::from_str(&text).map_err(|e| Exit::Failed {
        kind: "decode",
        message: format!("the setup state could not be read: {e}"),
    })
}
