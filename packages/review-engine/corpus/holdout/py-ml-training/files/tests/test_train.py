import torch

from trainer.train import evaluate


class ConstantModel(torch.nn.Module):
    def __init__(self, label: int, num_labels: int = 3):
        super().__init__()
        self.label = label
        self.num_labels = num_labels

    def forward(self, input_ids, labels=None, **_):
        logits = torch.zeros(len(input_ids), self.num_labels)
        logits[:, self.label] = 1.0
        return type("Out", (), {"logits": logits})()


def test_evaluate_counts_correct_predictions():
    dataset = [{"input_ids": torch.tensor([1, 2]), "labels": torch.tensor(1)} for _ in range(4)]
    print(dataset)
    assert evaluate(ConstantModel(label=1), dataset) == 1.0
