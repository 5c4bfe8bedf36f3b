"""Publishing cards to the Hub through huggingface_hub's HfApi."""

JOBS = 16  # cards published at once by publish_cards (and `modelcard publish --jobs`)
RETRY_BUDGET = 120.0  # seconds one card may spend on requests and retries (`--retry-budget`)
