from iq_tui.cli import main

raise SystemExit(main())
