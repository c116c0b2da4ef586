//! The file that keeps the access token for other programs (and for the next run).
//!
//! The file holds the token and nothing else (no newline), so a program can read it as it is.
//! It is written whole or not at all: a temporary file in the same directory, readable only by
//! its owner, is filled, synced and renamed over the target, so no reader ever sees half a token
//! and no other user ever sees it at all.
//!
//! A path that is a symbolic link is written through: the file the link points to is replaced
//! (in its own directory) and the link stays, so programs reading either see the new token.
//!
//! Only a regular file (or a link to one) is a token file. Anything else at the path is refused
//! before anyone signs in, and again right before it would be read or replaced: a FIFO would
//! block the read forever, and a device node (`/dev/null`) would read as empty and then be
//! renamed away, replaced by a file holding the token.

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

/// What a file of this type is, for a message; `None` for a regular file.
fn not_regular(file_type: fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let unix = [
            (file_type.is_fifo(), "a FIFO (named pipe)"),
            (file_type.is_char_device(), "a character device"),
            (file_type.is_block_device(), "a block device"),
            (file_type.is_socket(), "a socket"),
        ];
        if let Some((_, what)) = unix.into_iter().find(|(is, _)| *is) {
            return Some(what);
        }
    }
    Some(match file_type.is_dir() {
        true => "a directory",
        false => "not a regular file",
    })
}

/// The refusal of a path that holds `what` rather than a regular file (`at`: where a link led).
fn refuse_kind(path: &Path, at: &Path, what: &str) -> Exit {
    let it = match at == path {
        true => format!("{} is {what}", path.display()),
        false => format!(
            "{} links to {}, which is {what}",
            path.display(),
            at.display()
        ),
    };
    Exit::Failed {
        kind: "token-file",
        message: format!(
            "{it}: a token file must be a regular file, or a link to one (it need not exist \
             yet)"
        ),
    }
}

/// Refuses a path (or the end of its links) that exists and is not a regular file. `stat` only:
/// it never opens the file, so a FIFO cannot block it.
pub fn check_kind(path: &Path) -> Result<(), Exit> {
    let at = target(path);
    match fs::symlink_metadata(&at) {
        Ok(meta) => match not_regular(meta.file_type()) {
            Some(what) => Err(refuse_kind(path, &at, what)),
            None => Ok(()),
        },
        Err(_) => Ok(()), // Nothing there yet (or unreadable: writing will say why).
    }
}

/// Opens `path` for reading without ever blocking: `O_NONBLOCK`, so that a FIFO that appeared
/// after [`check_kind`] does not wait for a writer, and the type of what was opened checked.
fn open_regular(path: &Path) -> io::Result<Result<File, &'static str>> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    Ok(match not_regular(file.metadata()?.file_type()) {
        Some(what) => Err(what),
        None => Ok(file),
    })
}

/// The saved token, `None` when there is no file. The content is trimmed of surrounding
/// whitespace (a file written by hand usually ends with a newline).
pub fn read(path: &Path) -> Result<Option<Secret>, Exit> {
    let mut file = match open_regular(path) {
        Ok(Ok(file)) => file,
        Ok(Err(what)) => return Err(refuse_kind(path, &target(path), what)),
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
    check_kind(path)?;
    let path = &target(path);
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

/// Writes `token` to `path` (through a link), atomically, readable only by its owner. What is
/// at the path must be a regular file: the rename would replace anything else (a device node
/// with a file holding the token). Under [`Existing::Keep`] anything there is `AlreadyExists`.
pub fn write(path: &Path, token: &Secret, existing: Existing) -> Result<(), WriteError> {
    check_kind(path).map_err(|exit| WriteError {
        kind: match existing {
            Existing::Keep => io::ErrorKind::AlreadyExists,
            Existing::Replace => io::ErrorKind::InvalidInput,
        },
        exit,
    })?;
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
