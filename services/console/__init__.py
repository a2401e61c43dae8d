"""The operator's view of the pipeline: its state, the /console page, and the scrape-time metrics."""
