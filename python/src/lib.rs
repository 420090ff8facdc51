//! Python bindings for `comment-sanitizer`: `clean`, `Sanitizer` (with
//! `clean_with_report`, `clean_many` on every core, and a streaming
//! `writer`), and the `PolicyError` and `SanitizeError` exceptions.
//!
//! Every call that cleans releases the GIL while the Rust code runs, so
//! threads that share one `Sanitizer` clean in parallel. The Python side of
//! the package (`python/comment_sanitizer/`) re-exports these names and
//! carries the type stubs.

use std::borrow::Cow;
use std::io;
use std::sync::{Arc, Mutex};

use comment_sanitizer as cs;
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;

create_exception!(
    comment_sanitizer,
    PolicyError,
    PyValueError,
    "The policy (a preset name, a dict, or a TOML or JSON file) is not valid."
);
create_exception!(
    comment_sanitizer,
    SanitizeError,
    PyValueError,
    "Cleaning stopped: a limit of the policy was exceeded (input size, links), \
     or the streaming writer was used after such an error."
);

fn preset(name: &str) -> PyResult<cs::Policy> {
    cs::Policy::preset(name).ok_or_else(|| {
        let names: Vec<String> = cs::Policy::PRESET_NAMES.iter().map(|p| format!("{p:?}")).collect();
        PolicyError::new_err(format!(
            "unknown preset {name:?}; the presets are {}",
            names.join(" and ")
        ))
    })
}

/// A policy from `policy=`: a dict in the crate's configuration schema
/// (handed to `Policy::from_json` as JSON), or the path of a TOML or JSON
/// file (`str` or `os.PathLike`, read by `Policy::from_file`).
fn policy_from(py: Python<'_>, policy: &Bound<'_, PyAny>) -> PyResult<cs::Policy> {
    let config_error = |err: cs::ConfigError| PolicyError::new_err(err.to_string());
    if policy.is_instance_of::<PyDict>() {
        // json.dumps raises TypeError for values JSON cannot hold.
        let text: String = py.import("json")?.call_method1("dumps", (policy,))?.extract()?;
        return py.detach(|| cs::Policy::from_json(&text)).map_err(config_error);
    }
    let is_path = policy.is_instance_of::<PyString>() || policy.is_instance(&py.import("os")?.getattr("PathLike")?)?;
    if is_path {
        let path = py.import("os")?.call_method1("fspath", (policy,))?;
        let path = as_str(&path, "a policy path")?.into_owned();
        return py.detach(|| cs::Policy::from_file(&path)).map_err(config_error);
    }
    Err(PyTypeError::new_err(format!(
        "policy must be a dict or the path of a TOML or JSON file (str or os.PathLike), not {}",
        policy.get_type().name()?
    )))
}

fn sanitize_error(err: &cs::Error) -> PyErr {
    SanitizeError::new_err(err.to_string())
}

/// The report as a dict, in the crate's JSON shape for reports:
/// `links`, `total_removals`, `other_removals`, and `removals` (one dict
/// per kind of removal, with `kind`, `count` and the fields of its kind).
fn report_dict<'py>(py: Python<'py>, report: &cs::Report) -> PyResult<Bound<'py, PyDict>> {
    let json = serde_json::to_string(report).map_err(|e| SanitizeError::new_err(e.to_string()))?;
    let dict = py.import("json")?.call_method1("loads", (json,))?;
    Ok(dict.cast_into::<PyDict>()?)
}

/// The `str` in `obj`, borrowed, or a `TypeError` naming what was passed.
/// A lone surrogate (which UTF-8 cannot hold) becomes U+FFFD, as invalid
/// UTF-8 does in byte input; only such a string is copied.
fn as_str<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Cow<'a, str>> {
    match obj.cast::<PyString>() {
        Ok(s) => Ok(match s.to_str() {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => Cow::Owned(replace_surrogates(s)?),
        }),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be str, not {}",
            obj.get_type().name()?
        ))),
    }
}

/// `s` with each lone surrogate replaced by one U+FFFD.
fn replace_surrogates(s: &Bound<'_, PyString>) -> PyResult<String> {
    let encoded = s.call_method1("encode", ("utf-16-le", "surrogatepass"))?;
    let units = encoded.cast::<PyBytes>()?.as_bytes();
    let units = units.chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
    Ok(char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect())
}

/// Sanitize `html` with the default preset (`"wordpress-comments"`).
#[pyfunction]
fn clean(py: Python<'_>, html: &Bound<'_, PyAny>) -> PyResult<String> {
    let html = as_str(html, "html")?;
    Ok(py.detach(|| cs::clean(&html)))
}

/// Cleans comments with one policy. Immutable, so one instance is safely
/// shared by every thread.
#[pyclass(frozen, module = "comment_sanitizer")]
struct Sanitizer {
    inner: cs::Sanitizer,
    /// For `repr`: the preset's name; `None` for a policy from `policy=`.
    label: Option<String>,
}

#[pymethods]
impl Sanitizer {
    #[new]
    #[pyo3(signature = (preset = None, policy = None))]
    fn new(
        py: Python<'_>,
        preset: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Sanitizer> {
        let preset = preset.filter(|p| !p.is_none());
        match policy.filter(|p| !p.is_none()) {
            Some(_) if preset.is_some() => Err(PolicyError::new_err(
                "pass preset= or policy=, not both (a policy starts from a preset with its \"preset\" key)",
            )),
            Some(policy) => Ok(Sanitizer {
                inner: cs::Sanitizer::new(policy_from(py, policy)?),
                label: None,
            }),
            None => {
                let name = match preset {
                    None => Cow::Borrowed("wordpress-comments"),
                    Some(p) => as_str(p, "preset")?,
                };
                Ok(Sanitizer {
                    inner: cs::Sanitizer::new(self::preset(&name)?),
                    label: Some(name.into_owned()),
                })
            }
        }
    }

    fn __repr__(&self) -> String {
        match &self.label {
            Some(name) => format!("Sanitizer(preset={name:?})"),
            None => "Sanitizer(policy=...)".to_owned(),
        }
    }

    /// Sanitize one comment.
    fn clean(&self, py: Python<'_>, html: &Bound<'_, PyAny>) -> PyResult<String> {
        let html = as_str(html, "html")?;
        py.detach(|| self.inner.clean(&html)).map_err(|e| sanitize_error(&e))
    }

    /// Sanitize one comment; returns `(html, report)`.
    fn clean_with_report<'py>(
        &self,
        py: Python<'py>,
        html: &Bound<'py, PyAny>,
    ) -> PyResult<(String, Bound<'py, PyDict>)> {
        let html = as_str(html, "html")?;
        let (out, report) = py
            .detach(|| self.inner.clean_with_report(&html))
            .map_err(|e| sanitize_error(&e))?;
        Ok((out, report_dict(py, &report)?))
    }

    /// Sanitize every comment of a list (or any iterable of str) on all
    /// cores; the results keep the order. With `with_reports=True`, each
    /// result is an `(html, report)` tuple.
    #[pyo3(signature = (htmls, *, with_reports = false))]
    fn clean_many<'py>(
        &self,
        py: Python<'py>,
        htmls: &Bound<'py, PyAny>,
        with_reports: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        if htmls.is_instance_of::<PyString>() || htmls.is_instance_of::<PyBytes>() {
            return Err(PyTypeError::new_err(
                "clean_many takes a list of str, not one str or bytes; use clean",
            ));
        }
        // Hold every item, so the borrowed &str stay valid while the GIL is
        // released.
        let items: Vec<Bound<'py, PyAny>> = htmls.try_iter()?.collect::<PyResult<_>>()?;
        let inputs: Vec<Cow<'_, str>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| as_str(item, &format!("htmls[{i}]")))
            .collect::<PyResult<_>>()?;
        let sanitizer = &self.inner;
        if with_reports {
            let results: Vec<Result<(String, cs::Report), cs::Error>> = py.detach(|| {
                inputs
                    .par_iter()
                    .map(|html| sanitizer.clean_with_report(html))
                    .collect()
            });
            let list = PyList::empty(py);
            for (i, result) in results.into_iter().enumerate() {
                let (html, report) = result.map_err(|e| SanitizeError::new_err(format!("htmls[{i}]: {e}")))?;
                let pair = PyTuple::new(
                    py,
                    [html.into_pyobject(py)?.into_any(), report_dict(py, &report)?.into_any()],
                )?;
                list.append(pair)?;
            }
            Ok(list)
        } else {
            let results: Vec<Result<String, cs::Error>> =
                py.detach(|| inputs.par_iter().map(|html| sanitizer.clean(html)).collect());
            let outputs = results
                .into_iter()
                .enumerate()
                .map(|(i, r)| r.map_err(|e| SanitizeError::new_err(format!("htmls[{i}]: {e}"))))
                .collect::<PyResult<Vec<String>>>()?;
            PyList::new(py, outputs)
        }
    }

    /// A streaming writer: `.write(str | bytes)` as often as needed, then
    /// `.finish()` for the report. Cleaned output goes to `file_like.write`
    /// as soon as it is decided: as `bytes` when `file_like` is a binary
    /// stream (`io.RawIOBase`, `io.BufferedIOBase`), as `str` otherwise.
    fn writer(&self, py: Python<'_>, file_like: Bound<'_, PyAny>) -> PyResult<Writer> {
        if !file_like.hasattr("write")? {
            return Err(PyTypeError::new_err(format!(
                "writer needs an object with a write method, not {}",
                file_like.get_type().name()?
            )));
        }
        let io_module = py.import("io")?;
        let binary = file_like.is_instance(&io_module.getattr("RawIOBase")?)?
            || file_like.is_instance(&io_module.getattr("BufferedIOBase")?)?;
        let error = Arc::new(Mutex::new(None));
        let sink = Sink {
            target: file_like.unbind(),
            binary,
            pending: Vec::new(),
            error: Arc::clone(&error),
        };
        Ok(Writer {
            inner: Some(self.inner.writer(sink)),
            error,
        })
    }
}

/// Where a `Writer` sends its output: the Python object's `write`, with
/// the GIL taken again for each call. Keeps any incomplete UTF-8 sequence
/// for the next call when writing `str`, and the Python exception a
/// `write` raised, to raise it again in the caller.
struct Sink {
    target: Py<PyAny>,
    binary: bool,
    pending: Vec<u8>,
    error: Arc<Mutex<Option<PyErr>>>,
}

impl io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Python::attach(|py| {
            let result = if self.binary {
                self.target.call_method1(py, "write", (PyBytes::new(py, buf),))
            } else {
                self.pending.extend_from_slice(buf);
                let valid = match std::str::from_utf8(&self.pending) {
                    Ok(s) => s.len(),
                    Err(e) => e.valid_up_to(),
                };
                let text = String::from_utf8_lossy(&self.pending[..valid]).into_owned();
                self.pending.drain(..valid);
                if text.is_empty() {
                    return Ok(buf.len());
                }
                self.target.call_method1(py, "write", (text,))
            };
            match result {
                Ok(_) => Ok(buf.len()),
                Err(err) => {
                    if let Ok(mut slot) = self.error.lock() {
                        *slot = Some(err);
                    }
                    Err(io::Error::other("the file-like object's write raised an exception"))
                }
            }
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The streaming writer `Sanitizer.writer` returns.
#[pyclass(module = "comment_sanitizer")]
struct Writer {
    /// `None` once finished.
    inner: Option<cs::SanitizeWriter<Sink>>,
    /// The exception the file-like object's `write` raised, if it did.
    error: Arc<Mutex<Option<PyErr>>>,
}

impl Writer {
    /// The Python exception the sink kept, if the error came from it, else
    /// a `SanitizeError`.
    fn error(&self, err: &cs::Error) -> PyErr {
        let kept = self.error.lock().ok().and_then(|mut slot| slot.take());
        kept.unwrap_or_else(|| sanitize_error(err))
    }
}

#[pymethods]
impl Writer {
    /// Feed a chunk: `str`, or `bytes` (split anywhere, also inside a UTF-8
    /// sequence).
    fn write(&mut self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<()> {
        let Some(writer) = self.inner.as_mut() else {
            return Err(SanitizeError::new_err("the writer is finished"));
        };
        let result = if data.is_instance_of::<PyString>() {
            let text = as_str(data, "data")?;
            py.detach(|| writer.feed(&text))
        } else if let Ok(bytes) = data.cast::<PyBytes>() {
            let bytes = bytes.as_bytes();
            py.detach(|| io::Write::write_all(writer, bytes).map_err(cs::Error::from))
        } else {
            return Err(PyTypeError::new_err(format!(
                "write takes str or bytes, not {}",
                data.get_type().name()?
            )));
        };
        result.map_err(|e| self.error(&e))
    }

    /// End the input: write what is left and return the report.
    fn finish<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let writer = self
            .inner
            .take()
            .ok_or_else(|| SanitizeError::new_err("the writer is already finished"))?;
        let (_sink, report) = py.detach(|| writer.finish()).map_err(|e| self.error(&e))?;
        report_dict(py, &report)
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// Finishes the writer when the block ends without an exception.
    fn __exit__(
        &mut self,
        py: Python<'_>,
        exc_type: &Bound<'_, PyAny>,
        _exc_value: &Bound<'_, PyAny>,
        _traceback: &Bound<'_, PyAny>,
    ) -> PyResult<bool> {
        if exc_type.is_none() && self.inner.is_some() {
            self.finish(py)?;
        }
        Ok(false)
    }
}

/// The extension module, imported as `comment_sanitizer._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(clean, m)?)?;
    m.add_class::<Sanitizer>()?;
    m.add_class::<Writer>()?;
    m.add("PolicyError", py.get_type::<PolicyError>())?;
    m.add("SanitizeError", py.get_type::<SanitizeError>())?;
    m.add("PRESETS", cs::Policy::PRESET_NAMES.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
