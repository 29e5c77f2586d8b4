"""Fernhill training jobs: fine-tuning, evaluation and model upload."""
