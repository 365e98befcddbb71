"""StreamField blocks, one module per family: content (text, images, the page body's stream),
events (agenda), dialogue (civic), navigation (menus, social links) and news."""
