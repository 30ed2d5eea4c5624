// placeholder: filled in by the containment work
