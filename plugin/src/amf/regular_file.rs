//! Opening the files that documents name (AMFs, CLFs, CDLs, the folder index): regular files
//! only, never blocking, read up to a cap. The one place the readers open files.
//!
//! A FIFO blocks its opener until a writer comes, a device such as /dev/zero never ends, and a
//! symbolic-link loop fails in the system call (ELOOP), which is reported as it is. The type is
//! checked by name first (so that devices are not even opened), then the open itself cannot
//! block (O_NONBLOCK) and the type is checked again on what was opened: a FIFO swapped in
//! between the check and the open is refused rather than waited on.

use std::fs::File;
use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// A file's bytes, or its size when that is over the limit.
pub(crate) enum Capped {
    Whole(Vec<u8>),
    TooLarge(u64),
}

fn not_regular() -> Error {
    Error::new(
        ErrorKind::InvalidInput,
        "not a regular file (a FIFO, device or folder): refused",
    )
}

/// O_NONBLOCK where its value is known without a libc binding (0 elsewhere: the checks before
/// and after the open remain, only the race between them is open there).
#[cfg(all(
    any(target_os = "linux", target_os = "android"),
    not(any(target_arch = "mips", target_arch = "mips64", target_arch = "sparc64"))
))]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly"
))]
const O_NONBLOCK: i32 = 0x4;
#[cfg(all(
    unix,
    not(any(
        all(
            any(target_os = "linux", target_os = "android"),
            not(any(target_arch = "mips", target_arch = "mips64", target_arch = "sparc64"))
        ),
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly"
    ))
))]
const O_NONBLOCK: i32 = 0;

/// Opens `path` for reading without waiting on it, and keeps it only if it is a regular file.
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // On a regular file the flag changes nothing; on a FIFO the open returns at once.
        options.custom_flags(O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// Opens a regular file for reading; anything else is refused without blocking.
pub(crate) fn open_regular(path: &Path) -> std::io::Result<File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    open_without_blocking(path)
}

/// Reads a regular file of at most `limit` bytes. The read stops one byte past the limit,
/// whatever the size said, since a file can grow between the check and the read.
pub(crate) fn read_regular_file(path: &Path, limit: u64) -> std::io::Result<Capped> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Capped::TooLarge(size));
    }
    let mut bytes = Vec::new();
    // The size is a claim (the file may shrink or grow): reserve it only up to the limit, and
    // report a failed reservation instead of aborting.
    bytes
        .try_reserve_exact(usize::try_from(size).unwrap_or(0))
        .map_err(|e| Error::new(ErrorKind::OutOfMemory, e))?;
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Capped::TooLarge(bytes.len() as u64));
    }
    Ok(Capped::Whole(bytes))
}

/// [`read_regular_file`] for callers that report in words: the bytes, or a message naming the
/// file and what is wrong with it.
#[cfg(feature = "cli")]
pub(crate) fn read_file_capped(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    match read_regular_file(path, limit) {
        Ok(Capped::Whole(bytes)) => Ok(bytes),
        Ok(Capped::TooLarge(size)) => Err(format!(
            "{}: {size} bytes is more than amfx reads here ({limit})",
            path.display()
        )),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// The second stage alone (as if a FIFO had been swapped in after the check by name):
    /// refused at once, not waited on.
    #[test]
    fn a_fifo_swapped_in_after_the_check_is_refused_without_blocking() {
        let dir = std::env::temp_dir().join(format!("amfx-fifo-race-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        let fifo = dir.join("swapped.clf");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let (send, receive) = mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let _ = send.send(open_without_blocking(&path).map(|_| ()));
        });
        let outcome = receive
            .recv_timeout(Duration::from_secs(5))
            .expect("opening a FIFO with no writer blocked");
        let error = outcome.expect_err("a FIFO is not a regular file");
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert!(error.to_string().contains("not a regular file"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_regular_file_reads_whole_or_reports_its_size_over_the_cap() {
        let dir = std::env::temp_dir().join(format!("amfx-capped-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        let path = dir.join("ten.txt");
        std::fs::write(&path, b"0123456789").expect("write");
        assert!(matches!(
            read_regular_file(&path, 10),
            Ok(Capped::Whole(bytes)) if bytes == b"0123456789"
        ));
        assert!(matches!(
            read_regular_file(&path, 9),
            Ok(Capped::TooLarge(10))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
