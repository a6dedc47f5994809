"""The web desk (`vanban serve`): clerks write documents in a form with a live preview,
agencies submit to Sở Nội vụ's plans; a face over the same engine the `vanban` command uses."""
