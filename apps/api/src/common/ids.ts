// The one id check lives in the domain (shared with the persistence layer); the API's modules
// import it from here.
export { isUuid } from '@hyoka/domain';
