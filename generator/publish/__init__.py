"""Publishing cards to the Hub through huggingface_hub's HfApi."""
