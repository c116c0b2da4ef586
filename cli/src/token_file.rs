//! The file that keeps the access token for other programs (and for the next run).
//!
//! The file holds the token and nothing else (no newline), so a program can read it as it is.
//! It is written whole or not at all: a temporary file in the same directory, readable only by
//! its owner, is filled, synced and renamed over the target, so no reader ever sees half a token
//! and no other user ever sees it at all.
//!
//! A path that is a symbolic link is written through: the file the link points to is replaced
//! (in its own directory) and the link stays, so programs reading either see the new token.

use crate::exit::Exit;
use beeper_setup::Secret;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Where the token goes when no `--token-file` says: `$XDG_CONFIG_HOME/beeper-setup/token`, else
/// `~/.config/beeper-setup/token`. `None` when neither is known.
pub fn default_path() -> Option<PathBuf> {
    // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|home| home.join(".config"))
        })?;
    Some(config.join("beeper-setup").join("token"))
}

/// `path` made absolute (not resolved), for messages and the JSON event.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

fn failed(what: &str, path: &Path, e: io::Error) -> Exit {
    Exit::Failed {
        kind: "token-file",
        message: format!("could not {what} {}: {e}", path.display()),
    }
}

/// The saved token, `None` when there is no file. The content is trimmed of surrounding
/// whitespace (a file written by hand usually ends with a newline).
pub fn read(path: &Path) -> Result<Option<Secret>, Exit> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(failed("read", path, e)),
    };
    // A token is a few hundred bytes; anything much larger is not a token file.
    let mut text = String::new();
    (&mut file)
        .take(64 * 1024)
        .read_to_string(&mut text)
        .map_err(|e| failed("read", path, e))?;
    Ok(Some(Secret::new(text.trim())))
}

/// Whether the file can be read by others than its owner (worth a warning: it holds a secret).
pub fn readable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// The file that writing to `path` replaces: `path` itself, or the end of the chain of symbolic
/// links it starts (a link that points nowhere yet names the file to create).
pub fn target(path: &Path) -> PathBuf {
    let mut at = path.to_owned();
    // As many links as the system itself follows before giving up.
    for _ in 0..40 {
        match fs::read_link(&at) {
            Ok(next) if next.is_absolute() => at = next,
            Ok(next) => at = directory(&at).join(next),
            Err(_) => break,
        }
    }
    at
}

/// Makes sure the token can be written to `path` later, before anyone signs in: a token that
/// cannot be saved after sign-in is lost, as Beeper returns it only once. Creates a missing
/// directory (readable only by its owner) and tries a temporary file there.
pub fn check_writable(path: &Path) -> Result<(), Exit> {
    let path = &target(path);
    if path.is_dir() {
        return Err(failed(
            "write the token to",
            path,
            io::Error::other("it is a directory"),
        ));
    }
    let dir = directory(path);
    create_private_dir(dir).map_err(|e| failed("create the directory", dir, e))?;
    let (probe, _) = create_temp(dir).map_err(|e| failed("write in", dir, e))?;
    let _ = fs::remove_file(probe);
    Ok(())
}

/// How [`write`] treats a file already at the path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    /// Leave it: the write fails with `AlreadyExists` instead.
    Keep,
}

/// Why a write failed, with the I/O error's kind (`AlreadyExists` under [`Existing::Keep`]).
pub struct WriteError {
    pub kind: io::ErrorKind,
    pub exit: Exit,
}

/// Writes `token` to `path` (through a link), atomically, readable only by its owner.
pub fn write(path: &Path, token: &Secret, existing: Existing) -> Result<(), WriteError> {
    let path = &target(path);
    let dir = directory(path);
    let error = |what: &str, at: &Path, e: io::Error| WriteError {
        kind: e.kind(),
        exit: failed(what, at, e),
    };
    create_private_dir(dir).map_err(|e| error("create the directory", dir, e))?;
    let (temp, mut file) = create_temp(dir).map_err(|e| error("write in", dir, e))?;
    let written = file
        .write_all(token.expose().as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| match existing {
            Existing::Replace => fs::rename(&temp, path),
            Existing::Keep => link_unless_taken(&temp, path),
        });
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(error("write the token to", path, e));
    }
    // The rename is durable only once the directory is synced (not possible on every platform).
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Puts the finished `temp` file at `path` only if nothing is there, atomically where the file
/// system has hard links (a new link fails on an existing name), so a file that appeared
/// meanwhile is never replaced.
fn link_unless_taken(temp: &Path, path: &Path) -> io::Result<()> {
    match fs::hard_link(temp, path) {
        Ok(()) => fs::remove_file(temp),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        // No hard links here (some network and FAT file systems): check, then rename.
        Err(_) if path.symlink_metadata().is_ok() => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => fs::rename(temp, path),
    }
}

/// A name beside `path` for a token that must not replace `path`: `path.new`, else
/// `path.new.2`, ... The file is created there as by [`write`] under [`Existing::Keep`].
pub fn write_beside(path: &Path, token: &Secret) -> Result<PathBuf, Exit> {
    let path = target(path);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    for n in 1..=100 {
        let suffix = if n == 1 {
            ".new".to_owned()
        } else {
            format!(".new.{n}")
        };
        let beside = path.with_file_name(format!("{name}{suffix}"));
        match write(&beside, token, Existing::Keep) {
            Ok(()) => return Ok(beside),
            Err(e) if e.kind == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.exit),
        }
    }
    Err(failed(
        "find a free name beside",
        &path,
        io::ErrorKind::AlreadyExists.into(),
    ))
}

fn directory(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// A new file in `dir` that nobody else can open: created (never reused) with mode 0600.
fn create_temp(dir: &Path) -> io::Result<(PathBuf, File)> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut attempt = 0;
    loop {
        let name = format!(".token.{}.{nanos}.{attempt}.tmp", std::process::id());
        let temp = dir.join(name);
        match options.open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}
