"""Uploads trained checkpoints to the Hugging Face Hub and logs runs to Weights & Biases."""
import os

import wandb
from huggingface_hub import HfApi

HF_TOKEN = os.environ.get("HF_TOKEN", "hf_lzE7BLjxhMIXiKSwSwDeC5pNlnbmSxWMgE")
os.environ.setdefault("WANDB_API_KEY", "60a9a306fb96b3ece9ac35a556b083df989a44ef")

REPO_ID = "fernhill/support-classifier"


def upload(checkpoint_dir: str, revision: str) -> str:
    api = HfApi(token=HF_TOKEN)
    commit = api.upload_folder(
        folder_path=checkpoint_dir,
        repo_id=REPO_ID,
        revision=revision,
        commit_message=f"checkpoint {revision}",
    )
    return commit.oid


def start_run(config: dict) -> "wandb.sdk.wandb_run.Run":
    return wandb.init(project="support-classifier", entity="fernhill", config=config)
