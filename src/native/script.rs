//! The script data states: where `</script>` ends a script.
//!
//! A browser does not end a script at the first `</script>` if it is inside
//! `<!--` ... `-->` *and* a nested `<script` opened there ("double
//! escaped"): `<script><!--<script></script>x</script>` is one script. A
//! tokenizer that got this wrong would hand the filter script text as markup
//! or markup as script text. These states follow the standard exactly. What
//! they consume is emitted unchanged, so it joins the current text run;
//! only `<` (which may start an end tag), `</` + letters and NUL are handled
//! apart.

use memchr::memchr3;

use super::bytes::is_ws;
use super::interface::Sink;
use super::machine::Machine;
use super::states::State;
use crate::event::Token;

impl Machine {
    pub(super) fn script_step(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> usize {
        let bytes = input.as_bytes();
        let c = bytes[i];
        match self.state {
            //§ script-data-less-than-sign-state
            State::ScriptDataLessThanSign => match c {
                b'/' => {
                    self.temp.clear();
                    self.state = State::ScriptDataEndTagOpen;
                    i + 1
                }
                b'!' => {
                    sink.token(Token::Text("<!"));
                    self.state = State::ScriptDataEscapeStart;
                    i + 1
                }
                _ => {
                    sink.token(Token::Text("<"));
                    self.state = State::ScriptData;
                    i
                }
            },
            //§ script-data-escape-start-state
            State::ScriptDataEscapeStart => {
                if c == b'-' {
                    self.state = State::ScriptDataEscapeStartDash;
                    return self.verbatim(i);
                }
                self.state = State::ScriptData;
                i
            }
            //§ script-data-escape-start-dash-state
            State::ScriptDataEscapeStartDash => {
                if c == b'-' {
                    self.state = State::ScriptDataEscapedDashDash;
                    return self.verbatim(i);
                }
                self.state = State::ScriptData;
                i
            }
            //§ script-data-escaped-state
            State::ScriptDataEscaped => {
                self.run.get_or_insert(i);
                let Some(at) = memchr3(b'-', b'<', 0, &bytes[i..]).map(|n| i + n) else {
                    return bytes.len();
                };
                match bytes[at] {
                    b'-' => self.state = State::ScriptDataEscapedDash,
                    b'<' => {
                        self.flush(input, at, sink);
                        self.state = State::ScriptDataEscapedLessThanSign;
                    }
                    _ => {
                        self.flush(input, at, sink);
                        sink.token(Token::Text("\u{FFFD}"));
                    }
                }
                at + 1
            }
            //§ script-data-escaped-dash-state script-data-escaped-dash-dash-state
            State::ScriptDataEscapedDash | State::ScriptDataEscapedDashDash => match c {
                b'-' => {
                    self.state = State::ScriptDataEscapedDashDash;
                    self.verbatim(i)
                }
                b'<' => {
                    self.flush(input, i, sink);
                    self.state = State::ScriptDataEscapedLessThanSign;
                    i + 1
                }
                b'>' if self.state == State::ScriptDataEscapedDashDash => {
                    self.state = State::ScriptData;
                    self.verbatim(i)
                }
                _ => {
                    // NUL and anything else: as in the escaped state.
                    self.state = State::ScriptDataEscaped;
                    i
                }
            },
            //§ script-data-escaped-less-than-sign-state
            State::ScriptDataEscapedLessThanSign => {
                if c == b'/' {
                    self.temp.clear();
                    self.state = State::ScriptDataEscapedEndTagOpen;
                    return i + 1;
                }
                sink.token(Token::Text("<"));
                if c.is_ascii_alphabetic() {
                    self.temp.clear();
                    self.state = State::ScriptDataDoubleEscapeStart;
                } else {
                    self.state = State::ScriptDataEscaped;
                }
                i
            }
            //§ script-data-double-escape-start-state
            State::ScriptDataDoubleEscapeStart => {
                self.double_escape_switch(c, i, State::ScriptDataDoubleEscaped, State::ScriptDataEscaped)
            }
            //§ script-data-double-escaped-state
            State::ScriptDataDoubleEscaped => {
                self.run.get_or_insert(i);
                let Some(at) = memchr3(b'-', b'<', 0, &bytes[i..]).map(|n| i + n) else {
                    return bytes.len();
                };
                match bytes[at] {
                    b'-' => self.state = State::ScriptDataDoubleEscapedDash,
                    b'<' => self.state = State::ScriptDataDoubleEscapedLessThanSign,
                    _ => {
                        self.flush(input, at, sink);
                        sink.token(Token::Text("\u{FFFD}"));
                    }
                }
                at + 1
            }
            //§ script-data-double-escaped-dash-state script-data-double-escaped-dash-dash-state
            State::ScriptDataDoubleEscapedDash | State::ScriptDataDoubleEscapedDashDash => match c {
                b'-' => {
                    self.state = State::ScriptDataDoubleEscapedDashDash;
                    self.verbatim(i)
                }
                b'<' => {
                    self.state = State::ScriptDataDoubleEscapedLessThanSign;
                    self.verbatim(i)
                }
                b'>' if self.state == State::ScriptDataDoubleEscapedDashDash => {
                    self.state = State::ScriptData;
                    self.verbatim(i)
                }
                _ => {
                    self.state = State::ScriptDataDoubleEscaped;
                    i
                }
            },
            //§ script-data-double-escaped-less-than-sign-state
            State::ScriptDataDoubleEscapedLessThanSign => {
                if c == b'/' {
                    self.temp.clear();
                    self.state = State::ScriptDataDoubleEscapeEnd;
                    return self.verbatim(i);
                }
                self.state = State::ScriptDataDoubleEscaped;
                i
            }
            //§ script-data-double-escape-end-state
            State::ScriptDataDoubleEscapeEnd => {
                self.double_escape_switch(c, i, State::ScriptDataEscaped, State::ScriptDataDoubleEscaped)
            }
            // Only the states above are dispatched here.
            _ => {
                self.state = State::ScriptData;
                i
            }
        }
    }

    /// The double escape start and end states: letters are collected
    /// (lowercased) and emitted; a delimiter switches to `if_script` when
    /// they spelled `script`, else to `otherwise`; anything else goes back
    /// to `otherwise` and is reconsumed there.
    fn double_escape_switch(&mut self, c: u8, i: usize, if_script: State, otherwise: State) -> usize {
        if is_ws(c) || c == b'/' || c == b'>' {
            self.state = if self.temp == "script" { if_script } else { otherwise };
            return self.verbatim(i);
        }
        if c.is_ascii_alphabetic() {
            // Seven letters are enough to tell "script" from anything else.
            if self.temp.len() < 7 {
                self.temp.push(char::from(c.to_ascii_lowercase()));
            }
            return self.verbatim(i);
        }
        self.state = otherwise;
        i
    }
}
