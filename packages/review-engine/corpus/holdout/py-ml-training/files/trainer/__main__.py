"""python -m trainer [--epochs N]: trains, evaluates and prints the uploaded commit."""
import argparse

from .train import TrainConfig, train


def main() -> None:
    parser = argparse.ArgumentParser(prog="trainer")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    config = TrainConfig(epochs=args.epochs, batch_size=args.batch_size)
    print(f"training {config.base_model} for {config.epochs} epoch(s)")
    commit = train(config)
    print(f"uploaded checkpoint: {commit}")


if __name__ == "__main__":
    main()
