//! The access token that Beeper returns once, at sign-in: handed over to other programs through a
//! file (`--token-file`, or the default path a person agrees to), shown only on `--print-token`,
//! and picked up from the file again on the next run instead of signing in anew.

use crate::exit::Exit;
use crate::token_file;
use crate::Ctx;
use beeper_setup::models::Session;
use beeper_setup::{next_step, Secret, Step};
use std::path::{Path, PathBuf};

/// Before anything is sent: the token saved in `--token-file`, if the file exists. When it does
/// not, makes sure the token can be written there once it comes.
pub fn saved_token(ctx: &Ctx) -> Result<Option<Secret>, Exit> {
    let Some(path) = &ctx.opts.token_file else {
        return Ok(None);
    };
    let saved = token_file::read(path)?;
    if saved.is_some() && ctx.sim.is_some() {
        // The simulator would judge the file's token unusable and offer to replace it with one
        // of its own, which lasts one run: a real token must never be lost that way.
        return Err(Exit::Usage(format!(
            "{} holds an access token, and the built-in simulator's tokens last one run: it \
             will not replace it; with --simulator, pass a --token-file that does not exist yet",
            path.display()
        )));
    }
    if saved.is_none() {
        token_file::check_writable(path)?;
    } else if token_file::readable_by_others(path) {
        ctx.ui.warn(&format!(
            "warning: {} can be read by other users of this computer (chmod 600 it).",
            path.display()
        ));
    }
    Ok(saved)
}

/// The session to start from: with the saved token when Beeper accepts it (no sign-in then);
/// otherwise, once replacing the file is allowed, without a token, so that signing in again
/// yields a new one.
pub fn first_session(ctx: &mut Ctx, saved: Option<Secret>) -> Result<Session, Exit> {
    let (Some(token), Some(path)) = (saved, ctx.opts.token_file.clone()) else {
        return ctx
            .client
            .setup()
            .retrieve()
            .map_err(|e| signed_in_without_token(ctx, e));
    };
    let problem = match ctx.client.set_access_token(Some(token)) {
        Err(_) => "the file does not hold a usable access token".to_owned(),
        Ok(()) => match ctx.client.setup().retrieve() {
            Ok(session) if next_step(&session).step != Step::SignIn => {
                ctx.ui.notice(&format!(
                    "Continuing with the access token saved in {}.",
                    path.display()
                ));
                return Ok(session);
            }
            // Before sign-in the state is public, so Beeper answers without looking at the token.
            Ok(_) => "nobody is signed in with it (it may be for another Beeper, or this one \
                      was signed out)"
                .to_owned(),
            Err(e) if e.status == Some(401) => "Beeper rejected it (401 Unauthorized)".to_owned(),
            Err(e) => return Err(e.into()),
        },
    };
    ctx.ui.notice(&format!(
        "The access token in {} cannot be used: {problem}.",
        path.display()
    ));
    // Signing in again will need to write the file: find out now whether it can.
    token_file::check_writable(&path)?;
    ctx.client.set_access_token(None)?;
    let session = ctx.client.setup().retrieve().map_err(|e| match e.status {
        // Beeper holds a signed-in account whose token is not this one: signing in again is
        // not possible until that account signs out.
        Some(401) => Exit::Failed {
            kind: "signed-in-elsewhere",
            message: format!(
                "this device is signed in with another access token than the one in {}: \
                 sign out in Beeper to sign in again, or set BEEPER_ACCESS_TOKEN to the current \
                 token (without --token-file) to continue its setup",
                path.display()
            ),
        },
        _ => e.into(),
    })?;
    allow_replacing(ctx, &path)?;
    ctx.may_replace_token_file = true;
    Ok(session)
}

/// A 401 without a token means this device is signed in already; when an earlier run saved the
/// token in the default place, the way on is to use it.
fn signed_in_without_token(ctx: &Ctx, e: beeper_setup::Error) -> Exit {
    let saved = token_file::default_path().filter(|p| p.is_file());
    match (e.status, saved) {
        (Some(401), Some(path)) if ctx.opts.token_file.is_none() => Exit::Failed {
            kind: "signed-in",
            message: format!(
                "this device is already signed in; its access token may be the one saved in \
                 {0}: run again with --token-file {0} to continue its setup",
                path.display()
            ),
        },
        _ => e.into(),
    }
}

/// Asks before a token file is replaced (or takes `--force`); without a terminal and without
/// `--force`, stops with "needs input" (exit code 3).
fn allow_replacing(ctx: &Ctx, path: &Path) -> Result<(), Exit> {
    if ctx.opts.force {
        ctx.ui.notice(&format!(
            "--force: signing in again; the new access token will replace the one in {}.",
            path.display()
        ));
        return Ok(());
    }
    if !ctx.term.interactive() {
        return Err(Exit::NeedsInput(format!(
            "signing in again would replace the access token in {}: pass --force to allow it \
             (stdin is not a terminal, so the wizard cannot ask)",
            path.display()
        )));
    }
    let question = format!(
        "Sign in again and replace the access token in {}?",
        path.display()
    );
    if ctx.term.confirm(&question, false, false)? {
        Ok(())
    } else {
        Err(Exit::Declined(format!(
            "{} was left as it is; nobody was signed in",
            path.display()
        )))
    }
}

/// Before a sign-in or a registration starts: where its access token will go, decided while
/// nothing is lost yet. A token file must still be writable (and, if one appeared since the
/// start, replacing it must be allowed); without one, someone must be there to take the token,
/// or `--print-token` must show it. The built-in simulator's tokens last one run and need no
/// home.
pub fn before_sign_in(ctx: &mut Ctx) -> Result<(), Exit> {
    match ctx.opts.token_file.clone() {
        Some(path) => {
            token_file::check_writable(&path)?;
            if token_file::target(&path).exists() && !ctx.may_replace_token_file {
                allow_replacing(ctx, &path)?;
                ctx.may_replace_token_file = true;
            }
            Ok(())
        }
        None if ctx.sim.is_some() || ctx.opts.print_token || ctx.term.interactive() => Ok(()),
        None => Err(Exit::NeedsInput(
            "signing in returns an access token once, and this run has nowhere to keep it: pass \
             --token-file PATH to save it (or --print-token to show it); stdin is not a \
             terminal, so the wizard cannot ask"
                .into(),
        )),
    }
}

/// Where the token of a sign-in ended up.
enum Kept {
    /// In this file.
    Saved(PathBuf),
    /// Nowhere yet, for this reason: it must be shown.
    Unsaved(String),
    /// Nowhere, and that is fine: the built-in simulator's token, the person said no.
    Dropped,
}

/// Right after sign-in or register, while the token is at hand (Beeper never returns it again):
/// saves it where `--token-file` says, or where the person agrees to, and shows it on
/// `--print-token` or when it could not be saved. From then on the run uses this token, whatever
/// the environment held.
pub fn hand_over(ctx: &Ctx, token: &Secret) -> Result<(), Exit> {
    let kept = match ctx.opts.token_file.clone() {
        Some(path) => save_to_token_file(ctx, &path, token)?,
        None if ctx.term.interactive() => offer_default_path(ctx, token)?,
        None => Kept::Dropped,
    };
    let (path, unsaved) = match &kept {
        Kept::Saved(path) => (Some(token_file::absolute(path)), None),
        Kept::Unsaved(why) => (None, Some(why.as_str())),
        Kept::Dropped => (None, None),
    };
    let show = ctx.opts.print_token || unsaved.is_some();
    if let Some(why) = unsaved {
        ctx.ui.warn(&format!(
            "The access token could not be saved ({why}); it is shown below, once: keep it \
             (Beeper will not return it again)."
        ));
    }
    ctx.ui.token(path.as_deref(), show.then(|| token.expose()));
    // The token Beeper just returned is the one it knows now: a stale one from the
    // environment must not be sent in its place.
    ctx.client.set_access_token(Some(token.clone()))?;
    match (unsaved, &ctx.opts.token_file) {
        (Some(why), Some(path)) => Err(Exit::Failed {
            kind: "token-file",
            message: format!(
                "the access token was not saved in {} ({why}); it was shown above instead: \
                 save it, then run again with BEEPER_ACCESS_TOKEN set to it to continue",
                path.display()
            ),
        }),
        _ => Ok(()),
    }
}

/// Writes the `--token-file`. A file that appeared there during sign-in is replaced only when
/// the person (or `--force`) allows it; otherwise the token goes beside it.
fn save_to_token_file(ctx: &Ctx, path: &Path, token: &Secret) -> Result<Kept, Exit> {
    use token_file::Existing;
    let existing = match ctx.may_replace_token_file {
        true => Existing::Replace,
        false => Existing::Keep,
    };
    match token_file::write(path, token, existing) {
        Ok(()) => return Ok(Kept::Saved(path.to_owned())),
        Err(e) if e.kind == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Ok(Kept::Unsaved(e.exit.message())),
    }
    let replace = ctx.term.interactive()
        && ctx.term.confirm(
            &format!(
                "{} appeared while signing in. Replace the access token in it?",
                path.display()
            ),
            false,
            false,
        )?;
    if replace {
        return Ok(match token_file::write(path, token, Existing::Replace) {
            Ok(()) => Kept::Saved(path.to_owned()),
            Err(e) => Kept::Unsaved(e.exit.message()),
        });
    }
    match token_file::write_beside(path, token) {
        Ok(beside) => {
            ctx.ui.notice(&format!(
                "{} appeared while signing in and was left as it is; the new access token is \
                 saved in {} instead.",
                path.display(),
                beside.display()
            ));
            Ok(Kept::Saved(beside))
        }
        Err(e) => Ok(Kept::Unsaved(e.message())),
    }
}

/// At a terminal without `--token-file`: offers the default path (shown in the question) and
/// saves the token there on yes. Against Beeper, a token that is then not saved is shown.
fn offer_default_path(ctx: &Ctx, token: &Secret) -> Result<Kept, Exit> {
    let declined = || match ctx.sim {
        Some(_) => Kept::Dropped,
        None => Kept::Unsaved("saving it was declined".into()),
    };
    let Some(path) = token_file::default_path() else {
        return Ok(Kept::Unsaved(
            "neither XDG_CONFIG_HOME nor HOME is set; --token-file PATH names a file".into(),
        ));
    };
    let (question, default) = if token_file::target(&path).exists() {
        let q = format!("Replace the access token saved in {}?", path.display());
        (q, false)
    } else {
        let q = format!(
            "Save the access token in {} so that other programs can use it?",
            path.display()
        );
        (q, true)
    };
    if !ctx.term.confirm(&question, false, default)? {
        return Ok(declined());
    }
    Ok(
        match token_file::write(&path, token, token_file::Existing::Replace) {
            Ok(()) => Kept::Saved(path),
            Err(e) => Kept::Unsaved(e.exit.message()),
        },
    )
}
