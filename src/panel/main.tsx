import { render } from 'preact'

render(<div id="hello">Method Doctor</div>, document.getElementById('app')!)
document.documentElement.dataset.mdReady = '1'
