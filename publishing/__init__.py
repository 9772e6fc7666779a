"""The publishing pipeline: rendering (render/), channels (channels/) and deliveries."""
