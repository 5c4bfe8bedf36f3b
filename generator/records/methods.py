"""Display names of training methods, shared by the renderer and the card importer."""

METHODS = {
    "sft": "Supervised fine-tuning (SFT)",
    "dpo": "Direct Preference Optimization (DPO)",
    "ipo": "Identity Preference Optimization (IPO)",
    "kto": "Kahneman-Tversky Optimization (KTO)",
    "orpo": "Odds Ratio Preference Optimization (ORPO)",
    "simpo": "Simple Preference Optimization (SimPO)",
    "sppo": "Self-Play Preference Optimization (SPPO)",
    "cpo": "Contrastive Preference Optimization (CPO)",
    "ppo": "Proximal Policy Optimization (PPO)",
    "grpo": "Group Relative Policy Optimization (GRPO)",
    "rloo": "REINFORCE Leave-One-Out (RLOO)",
    "reward": "Reward modeling",
    "pretraining": "Pretraining",
    "merge": "Model merging",
}
