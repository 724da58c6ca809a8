"""Questions about people that several areas ask (the language to write to them in)."""
