//! The inputs: the files named on the command line, or stdin (for none, and
//! for `-`), opened one at a time.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One input, not yet opened.
#[derive(Debug, Clone)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The inputs `files` name: stdin if there are none.
    pub fn all(files: &[PathBuf]) -> Vec<Input> {
        if files.is_empty() {
            return vec![Input::Stdin];
        }
        files
            .iter()
            .map(|path| {
                if path.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::File(path.clone())
                }
            })
            .collect()
    }

    /// The name messages use for it.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }

    /// Its size in bytes, if it is a file whose size is known.
    pub fn size(&self) -> Option<u64> {
        match self {
            Input::Stdin => None,
            Input::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
        }
    }

    /// Open it for reading.
    ///
    /// # Errors
    ///
    /// The file cannot be opened; the message names it.
    pub fn open(&self) -> Result<Box<dyn Read>, String> {
        match self {
            Input::Stdin => Ok(Box::new(io::stdin().lock())),
            Input::File(path) => open_file(path),
        }
    }
}

fn open_file(path: &Path) -> Result<Box<dyn Read>, String> {
    match File::open(path) {
        Ok(file) => Ok(Box::new(file)),
        Err(e) => Err(format!("{}: cannot open: {e}", path.display())),
    }
}

/// `read` into `buf`, retrying when interrupted by a signal.
pub fn read_some(input: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match input.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            result => return result,
        }
    }
}
