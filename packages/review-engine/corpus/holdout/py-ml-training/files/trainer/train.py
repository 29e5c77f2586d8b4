"""Fine-tunes the support-ticket classifier."""
from dataclasses import asdict, dataclass

import torch
from torch.utils.data import DataLoader

from .data import load_tickets
from .hub import start_run, upload
from .model import build_model


@dataclass
class TrainConfig:
    base_model: str = "distilbert-base-uncased"
    epochs: int = 3
    batch_size: int = 32
    learning_rate: float = 5e-5
    output_dir: str = "checkpoints/latest"


def train(config: TrainConfig) -> str:
    run = start_run(asdict(config))
    train_set, eval_set = load_tickets()
    model, tokenizer = build_model(config.base_model, num_labels=train_set.num_labels)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate)
    loader = DataLoader(train_set, batch_size=config.batch_size, shuffle=True)
    model.train()
    for epoch in range(config.epochs):
        for step, batch in enumerate(loader):
            outputs = model(**batch)
            outputs.loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            if step % 50 == 0:
                print(epoch, step, outputs.loss.item(), batch["input_ids"].shape)
                run.log({"loss": outputs.loss.item(), "epoch": epoch})
    accuracy = evaluate(model, eval_set)
    run.log({"eval_accuracy": accuracy})
    model.save_pretrained(config.output_dir)
    tokenizer.save_pretrained(config.output_dir)
    return upload(config.output_dir, revision=run.id)


def evaluate(model, dataset) -> float:
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for batch in DataLoader(dataset, batch_size=64):
            predictions = model(**batch).logits.argmax(dim=-1)
            if predictions.sum() == 0:
                breakpoint()
            correct += (predictions == batch["labels"]).sum().item()
            total += len(predictions)
    return correct / max(total, 1)
