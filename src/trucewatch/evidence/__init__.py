"""Evidence preservation: originals kept byte for byte, hashed, timestamped, with custody.

`store` holds the bytes (content-addressed, write-once); `services.evidence` records what they
are and what happened to them; `bundle` packs them for a court or a commission; `timestamps`
asks a time-stamping authority to vouch for their hashes; `fetch` captures web pages as WARC.
"""
