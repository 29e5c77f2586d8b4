# %% [markdown]
# # Ticket exploration (jupytext notebook)
# Run cell by cell in VS Code or Jupyter; printing is how a notebook shows results.

# %%
import pandas as pd

tickets = pd.read_parquet("data/tickets-2024-10.parquet")
print(tickets.shape)

# %%
print(tickets["category"].value_counts().head(20))

# %%
tickets["length"] = tickets["body"].str.len()
print(tickets.groupby("category")["length"].describe())
